import { describe, expect, it, vi } from 'vitest';
import { runCli, uniqueName } from '../helpers/cli.js';
import { testBroker } from '../helpers/broker-info.js';
import { createTopic, testKafka, withAdmin } from '../helpers/kafka.js';
import { createClient } from '../../src/kafka/client/client.js';
import type { OutStream } from '../../src/core/io.js';
import { ClusterSession, LATEST, tpKey } from '../../src/kafka/client/session.js';
import { requireTool } from '../helpers/require-tool.js';

const quiet = { write: () => true } as unknown as OutStream;

describe('integration: topic watermarks (read_uncommitted, batched per leader)', () => {
  it('topic list and describe count up to the high watermark, an open transaction included (as lag and Apache tools do)', async () => {
    const t = uniqueName('wm-txn');
    await createTopic(t, 2);
    const producer = testKafka().producer({ transactionalId: uniqueName('wm-txid'), idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    let open: Awaited<ReturnType<typeof producer.transaction>> | undefined;
    try {
      open = await producer.transaction();
      await open.send({ topic: t, messages: [{ partition: 0, value: 'a' }, { partition: 0, value: 'b' }, { partition: 0, value: 'c' }] });
      // Open transaction: the last stable offset of partition 0 is still 0, its high watermark 3.
      const list = await runCli(['topic', 'list', '--match', `^${t}$`, '-o', 'json']);
      expect(list.code).toBe(0);
      expect(JSON.parse(list.stdout)).toEqual([{ name: t, partitions: 2, replicationFactor: 1, messages: 3, internal: false, underReplicatedPartitions: 0, offlinePartitions: 0 }]);
      const d = JSON.parse((await runCli(['topic', 'describe', t, '-o', 'json'])).stdout);
      expect(d.partitionDetails.map((p: { lowWatermark: string; highWatermark: string; messages: number }) => [p.lowWatermark, p.highWatermark, p.messages])).toEqual([
        ['0', '3', 3],
        ['0', '0', 0],
      ]);
      expect(d.messages).toBe(3);
      await open.abort();
      open = undefined;
      // The abort marker takes an offset too (documented: markers are counted). The coordinator answers EndTxn
      // before it writes the markers, so the high watermark moves a moment later.
      await expect.poll(async () => JSON.parse((await runCli(['topic', 'list', '--match', `^${t}$`, '-o', 'json'])).stdout)[0].messages, { timeout: 10_000 }).toBe(4);
    } finally {
      await open?.abort().catch(() => {});
      await producer.disconnect();
    }
  });

  it("a deleted topic's ListOffsets error does not hide the other partitions' offsets", async () => {
    const gone = uniqueName('wm-gone');
    const kept = uniqueName('wm-kept');
    await createTopic(gone, 1);
    await createTopic(kept, 2);
    const p = testKafka().producer({ allowAutoTopicCreation: false });
    await p.connect();
    await p.send({ topic: kept, messages: [{ partition: 1, value: 'x' }, { partition: 1, value: 'y' }] });
    await p.disconnect();
    const client = createClient({ brokers: [testBroker().bootstrap], clientId: 'kafka-cli-tests', timeoutMs: 5000, verbose: false }, quiet);
    const s = await ClusterSession.open(client, { topics: [gone, kept] });
    try {
      await withAdmin((a) => a.deleteTopics({ topics: [gone], timeout: 10_000 }));
      const tps = [{ topic: gone, partition: 0 }, { topic: kept, partition: 0 }, { topic: kept, partition: 1 }];
      // The session's metadata still names the deleted topic, so the request asks the broker about it.
      const answers = await vi.waitFor(
        async () => {
          const a = await s.offsetAnswers(tps, LATEST);
          expect([3, 100]).toContain(a.get(tpKey(gone, 0))!.errorCode);
          return a;
        },
        { timeout: 5000, interval: 100 },
      );
      expect(answers.get(tpKey(gone, 0))!.offset).toBeNull();
      expect(answers.get(tpKey(kept, 0))).toEqual({ offset: 0n, errorCode: 0 });
      expect(answers.get(tpKey(kept, 1))).toEqual({ offset: 2n, errorCode: 0 });
    } finally {
      await s.close();
      await client.close();
    }
  });

  it('a missing topic in a session opened for named topics fails at once with one clear error', async () => {
    const missing = uniqueName('wm-missing');
    const client = createClient({ brokers: [testBroker().bootstrap], clientId: 'kafka-cli-tests', timeoutMs: 5000, verbose: false }, quiet);
    const t0 = Date.now();
    await expect(ClusterSession.open(client, { topics: [missing] })).rejects.toThrow(`topic '${missing}' does not exist`);
    expect(Date.now() - t0).toBeLessThan(3000);
    await client.close();
  });
});

describe('integration: topic create returns once every leader serves its partition', () => {
  it('a produce right after create writes each message once (no partial failure that kafkajs would resend)', async () => {
    const p = testKafka().producer({ allowAutoTopicCreation: false });
    await p.connect();
    try {
      for (let i = 0; i < 6; i++) {
        const t = uniqueName('ready');
        expect((await runCli(['topic', 'create', t, '-p', '3'])).code).toBe(0);
        await p.send({ topic: t, messages: [0, 1, 2].flatMap((partition) => Array.from({ length: 10 }, (_, j) => ({ partition, value: `v${j}` }))) });
        const d = JSON.parse((await runCli(['topic', 'describe', t, '-o', 'json'])).stdout);
        expect(d.partitionDetails.map((x: { highWatermark: string }) => x.highWatermark)).toEqual(['10', '10', '10']);
      }
    } finally {
      await p.disconnect();
    }
  });
});

describe.skipIf(!requireTool('ssl-listener'))('integration: a closed connection at connect time', () => {
  it('plaintext to a TLS listener: the error asks whether the listener needs SASL or TLS', async () => {
    const r = await runCli(['--brokers', testBroker().ssl!, 'topic', 'list']);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd()).toBe(`kafka-cli: cannot connect to ${testBroker().ssl}: the connection was closed (Closed connection); does the listener need SASL or TLS?`);
  });
});
