/**
 * The producer id and epoch of an idempotent produce: InitProducerId (API 22) with no transactional id, which
 * any broker answers. A broker that refuses (no IdempotentWrite permission on an old cluster, an API it lacks)
 * means sending without idempotence: the reason is returned for the one warning line.
 */
import type { KafkaClient } from '../client/client.js';
import { ClusterSession } from '../client/session.js';
import { send, UnsupportedApi } from '../protocol/index.js';
import { errorText } from '../protocol/kafkajs.js';
import { sleep } from '../client/sleep.js';
import type { ProducerIdentity } from './sequences.js';

// COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR, CONCURRENT_TRANSACTIONS: ask again.
const RETRY = new Set([14, 15, 16, 51]);

export type ProducerIdAnswer = { ok: true; producer: ProducerIdentity } | { ok: false; reason: string };

/**
 * `current`: the producer id and epoch whose state a broker lost (KIP-360's form of the request). Without a
 * transactional id the broker answers with a new producer id at epoch 0 either way: every partition starts at
 * sequence 0 again, which no broker can refuse as out of order or fenced.
 */
export async function initProducerId(client: KafkaClient, topic: string, signal: AbortSignal, current?: ProducerIdentity): Promise<ProducerIdAnswer> {
  const session = await ClusterSession.open(client, { topics: [topic] });
  try {
    const broker = await session.anyBroker();
    for (let attempt = 1; ; attempt++) {
      let response;
      try {
        ({ response } = await send(broker, 'InitProducerId', { transactionalId: null, transactionTimeoutMs: 2 ** 31 - 1, producerId: current?.id ?? -1n, producerEpoch: current?.epoch ?? -1 }));
      } catch (e) {
        if (e instanceof UnsupportedApi) return { ok: false, reason: e.message };
        throw e;
      }
      const code = response.errorCode;
      if (code === 0) return { ok: true, producer: { id: response.producerId, epoch: response.producerEpoch } };
      if (!RETRY.has(code) || attempt >= 5 || signal.aborted) return { ok: false, reason: `the broker refused a producer id (${errorText(code)})` };
      await sleep(200 * attempt, signal);
    }
  } finally {
    await session.close().catch(() => {});
  }
}
