// Consumer lag: kafka-cli `lag` vs Apache's ConsumerGroupCommand (kafka-consumer-groups.sh --describe), one fresh broker.
// Every command is a whole process, as a user runs it: start-up is part of the cost.
// Set-up: a 200-partition topic with one group committed on every partition; BENCH_GROUPS (default 100) more
// groups, each committed on 2 of 10 topics of 10 partitions. Each timing is the median of BENCH_REPEAT (default 3) runs.
// Targets (issue 6): one group < 0.5 s; 100 groups < 3 s and >= 3x faster than Apache's command.
import { join } from 'node:path';

export async function run(h) {
  const GROUPS = Number(process.env.BENCH_GROUPS ?? 100);
  const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
  const broker = await h.startBenchBroker({ rebalanceDelayMs: 0 });
  const b = broker.bootstrap;
  const java = h.have('java');
  const CGC = 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand';
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  async function time(cmd, args, check) {
    const runs = [];
    for (let i = 0; i < REPEAT; i++) {
      const r = await h.timeCommand(cmd, args, { stdout: 'capture' });
      if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}): ${r.stderr.slice(0, 500)}`);
      if (check) check(r.stdout);
      runs.push(r.ms);
    }
    return median(runs);
  }
  try {
    // Set-up in-process through kafka-cli's own client (fast: no consumer joins).
    const { createClient } = await import(join(h.ROOT, 'dist', 'kafka', 'client', 'client.js'));
    const { GroupSession } = await import(join(h.ROOT, 'dist', 'kafka', 'groups', 'groups.js'));
    const client = createClient({ brokers: [b], clientId: 'bench-setup', timeoutMs: 10_000, verbose: false }, process.stderr);
    const admin = await client.admin();
    const big = 'bench-lag-200';
    const small = Array.from({ length: 10 }, (_, i) => `bench-lag-small-${i}`);
    await admin.createTopics({ topics: [{ topic: big, numPartitions: 200 }, ...small.map((topic) => ({ topic, numPartitions: 10 }))], waitForLeaders: true });
    const producer = client.kafka.producer({ allowAutoTopicCreation: false, retry: { retries: 10 } });
    await producer.connect();
    // Leaders of just-created partitions may take a moment to be known everywhere.
    const send = async (topic, messages) => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await producer.send({ topic, messages });
        } catch (e) {
          if (attempt >= 10) throw e;
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    };
    await send(big, Array.from({ length: 200 * 20 }, (_, i) => ({ partition: i % 200, value: `v${i}` })));
    for (const topic of small) await send(topic, Array.from({ length: 10 * 50 }, (_, i) => ({ partition: i % 10, value: `v${i}` })));
    await producer.disconnect();
    const session = await GroupSession.open(client);
    await session.commitOffsets('bench-one', Array.from({ length: 200 }, (_, p) => ({ topic: big, partition: p, offset: BigInt(p % 20) })));
    const groups = Array.from({ length: GROUPS }, (_, i) => `bench-many-${String(i).padStart(3, '0')}`);
    await Promise.all(
      groups.map((g, i) =>
        session.commitOffsets(
          g,
          [small[i % 10], small[(i + 3) % 10]].flatMap((topic) => Array.from({ length: 10 }, (_, p) => ({ topic, partition: p, offset: BigInt((i + p) % 50) }))),
        ),
      ),
    );
    await session.close();
    await client.close();

    const [node, bin] = h.cli();
    const cli = (...a) => [...bin, '-b', b, ...a];
    const countGroups = (n) => (out) => {
      const got = JSON.parse(out).groups.length;
      if (got !== n) throw new Error(`expected ${n} groups, got ${got}`);
    };
    const apacheRows = (min) => (out) => {
      const rows = out.split('\n').filter((l) => /^bench-/.test(l)).length;
      if (rows < min) throw new Error(`Apache printed ${rows} rows, expected at least ${min}`);
    };
    const rows = [];
    const add = (what, ours, theirs, target) =>
      rows.push([what, h.fmt(ours), theirs == null ? '-' : h.fmt(theirs), theirs == null ? '-' : `${h.fmt(theirs / ours, 1)}x`, target]);

    const oneCli = await time(node, cli('lag', 'bench-one', '-o', 'json'), countGroups(1));
    const oneJava = java ? await time('java', h.javaArgs(CGC, ['--bootstrap-server', b, '--describe', '--group', 'bench-one']), apacheRows(200)) : null;
    add('lag of 1 group, 200 partitions', oneCli, oneJava, `< 500 ms: ${oneCli < 500 ? 'met' : 'MISSED'}`);

    const oneTime = await time(node, cli('lag', 'bench-one', '--time', '-o', 'json'), countGroups(1));
    add('  same with --time (200 message timestamps)', oneTime, null, '');

    const manyCli = await time(node, cli('lag', '--all-groups', '-o', 'json'), countGroups(GROUPS + 1));
    const manyJava = java ? await time('java', h.javaArgs(CGC, ['--bootstrap-server', b, '--describe', '--all-groups']), apacheRows(GROUPS * 20)) : null;
    add(
      `lag --all-groups, ${GROUPS + 1} groups`,
      manyCli,
      manyJava,
      `< 3000 ms and >= 3x: ${manyCli < 3000 && (manyJava == null || manyJava / manyCli >= 3) ? 'met' : 'MISSED'}`,
    );

    const listCli = await time(node, cli('group', 'list', '-o', 'json'));
    const listJava = java ? await time('java', h.javaArgs(CGC, ['--bootstrap-server', b, '--list', '--state'])) : null;
    add(`group list (with state), ${GROUPS + 1} groups`, listCli, listJava, '');

    h.printTable(
      `lag: median of ${REPEAT} runs, wall ms per command (broker ${broker.version})`,
      ['operation', 'kafka-cli', 'ConsumerGroupCommand', 'Apache / kafka-cli', 'target'],
      rows,
    );
    if (!java) console.log('java not found: ConsumerGroupCommand skipped');
  } finally {
    await broker.stop();
  }
}
