// produce: BENCH_MESSAGES (default 1,000,000) keyed messages of about 100 bytes ("key-N:payload" lines) to a
// 6-partition topic with acks=all, from a file on stdin, three ways on one fresh broker:
//   kafka-cli produce <topic> -K:               (defaults: --batch-size 10000 --max-in-flight 8)
//   kcat -P -K: -X partitioner=murmur2_random -X acks=all
//   java kafka.tools.ConsoleProducer --property parse.key=true --property key.separator=: --producer-property acks=all
// Every command is a whole process, as a user runs it (JVM and Node start-up included). Each tool writes to its
// own topic; every run is checked to have added exactly N messages. Timings are the median of BENCH_REPEAT
// (default 3) runs, taken in turns after one untimed warm-up run of each. Targets (issue 12): kafka-cli >=
// ConsoleProducer and >= 0.6x kcat.
import { join } from 'node:path';

export async function run(h) {
  const N = h.MESSAGES;
  const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
  const PARTITIONS = 6;
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const broker = await h.startBenchBroker({ rebalanceDelayMs: 0 });
  const b = broker.bootstrap;
  const { createClient } = await import(join(h.ROOT, 'dist', 'kafka', 'client', 'client.js'));
  const client = createClient({ brokers: [b], clientId: 'bench-setup', timeoutMs: 10_000, verbose: false }, process.stderr);
  try {
    const admin = await client.admin();
    const total = (topic) => h.messagesIn(admin, topic);
    console.error(`writing ${h.fmt(N)} keyed messages of ~100 bytes ...`);
    const input = await h.keyedInputFile(N, 100);

    const [node, bin] = h.cli();
    const tools = [
      { name: 'kafka-cli', available: true, cmd: (t) => [node, [...bin, '-b', b, 'produce', t, '-K:']] },
      // The same without idempotence (producer id + sequence numbers, the default): what the safety costs.
      { name: 'kafka-cli --no-idempotence', available: true, cmd: (t) => [node, [...bin, '-b', b, 'produce', t, '-K:', '--no-idempotence']] },
      { name: 'kcat', available: h.have('kcat'), cmd: (t) => ['kcat', ['-b', b, '-P', '-t', t, '-K:', '-X', 'partitioner=murmur2_random', '-X', 'acks=all']] },
      {
        name: 'ConsoleProducer',
        available: h.have('java'),
        cmd: (t) => [
          'java',
          h.javaArgs(broker.version.startsWith('3.') ? 'kafka.tools.ConsoleProducer' : 'org.apache.kafka.tools.ConsoleProducer', ['--bootstrap-server', b, '--topic', t, '--property', 'parse.key=true', '--property', 'key.separator=:', '--producer-property', 'acks=all']),
        ],
      },
    ];
    // Fair to every tool: one untimed warm-up run each (the broker's JIT and page cache warm up on the first
    // runs, which would otherwise all be the first tool's), then the timed runs taken in turns.
    const available = tools.filter((t) => {
      if (!t.available) console.error(`${t.name}: not installed, skipped`);
      return t.available;
    });
    const topicOf = (tool) => `bench-produce-${tool.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
    for (const tool of available) await admin.createTopics({ topics: [{ topic: topicOf(tool), numPartitions: PARTITIONS }], waitForLeaders: true });
    const runs = new Map(available.map((t) => [t.name, []]));
    for (let i = -1; i < REPEAT; i++) {
      for (const tool of available) {
        const topic = topicOf(tool);
        const before = await total(topic);
        const [cmd, args] = tool.cmd(topic);
        const r = await h.timeCommand(cmd, args, { stdinFile: input });
        if (r.code !== 0) throw new Error(`${tool.name} failed (${r.code}): ${r.stderr.slice(0, 800)}`);
        const added = (await total(topic)) - before;
        if (added !== N) throw new Error(`${tool.name} added ${added} messages, expected ${N}`);
        console.error(`${tool.name} ${i < 0 ? 'warm-up' : `run ${i + 1}`}: ${(r.ms / 1000).toFixed(2)} s`);
        if (i >= 0) runs.get(tool.name).push(r.ms);
      }
    }
    const results = new Map([...runs].map(([name, ms]) => [name, median(ms)]));
    const ours = results.get('kafka-cli');
    const rows = [...results].map(([name, ms]) => [name, (ms / 1000).toFixed(2), h.fmt(h.rate(N, ms)), name === 'kafka-cli' ? '1.00' : (ms / ours).toFixed(2)]);
    h.printTable(`produce: ${h.fmt(N)} keyed messages (~100 B), 6 partitions, acks=all, Kafka ${broker.version} (median of ${REPEAT})`, ['TOOL', 'SECONDS', 'MSGS/S', 'KAFKA-CLI SPEED RATIO'], rows);
    if (results.has('kcat')) console.log(`kafka-cli / kcat:            ${(results.get('kcat') / ours).toFixed(2)}x the speed (target >= 0.6, issue 12)`);
    if (results.has('kafka-cli --no-idempotence')) console.log(`idempotent / not idempotent:  ${(results.get('kafka-cli --no-idempotence') / ours).toFixed(2)}x the speed (target >= 0.95, issue 19)`);
    if (results.has('ConsoleProducer')) console.log(`kafka-cli / ConsoleProducer: ${(results.get('ConsoleProducer') / ours).toFixed(2)}x the speed (target >= 1.0)`);
  } finally {
    await client.close();
    await broker.stop();
  }
}
