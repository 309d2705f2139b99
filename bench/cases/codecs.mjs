// codecs: compressed produce and tail, kafka-cli against kcat in the same run, for gzip, snappy, lz4 and zstd.
// BENCH_MESSAGES (default 1,000,000) keyed ~100-byte lines, 6 partitions, acks=all, one fresh broker, whole
// processes, BENCH_REPEAT (default 1) runs each (median):
//   produce: kafka-cli produce <t> -K: -z <codec>         vs  kcat -P -K: -z <codec> -X partitioner=murmur2_random -X acks=all
//   tail:    kafka-cli tail <t> --from beginning -e -o value > /dev/null  vs  kcat -C -e -q -f '%s\n' (of kcat's own topic)
// Each produce run is checked to have added exactly N messages, each tail to have printed N lines.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const CODECS = (process.env.BENCH_CODECS ?? 'gzip,snappy,lz4,zstd').split(',');

export async function run(h) {
  const N = h.MESSAGES;
  const REPEAT = Number(process.env.BENCH_REPEAT ?? 1);
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  if (!h.have('kcat')) {
    console.error('codecs: kcat is not installed (apt-get install -y kcat); skipped');
    return;
  }
  const broker = await h.startBenchBroker({ rebalanceDelayMs: 0 });
  const b = broker.bootstrap;
  const { createClient } = await import(join(h.ROOT, 'dist', 'kafka', 'client', 'client.js'));
  const client = createClient({ brokers: [b], clientId: 'bench-setup', timeoutMs: 10_000, verbose: false }, process.stderr);
  const [node, bin] = h.cli();
  const q = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
  const lines = (cmd, args) => Number(spawnSync('sh', ['-c', `${[cmd, ...args].map(q).join(' ')} 2>/dev/null | wc -l`], { encoding: 'utf8' }).stdout.trim());
  try {
    const admin = await client.admin();
    const total = (topic) => h.messagesIn(admin, topic);
    console.error(`writing ${h.fmt(N)} keyed messages of ~100 bytes ...`);
    const input = await h.keyedInputFile(N, 100);
    const rows = [];
    for (const codec of CODECS) {
      const tools = {
        'kafka-cli': {
          produce: (t) => [node, [...bin, '-b', b, 'produce', t, '-K:', '-z', codec]],
          tail: (t) => [node, [...bin, '-b', b, 'tail', t, '--from', 'beginning', '-e', '-o', 'value']],
        },
        kcat: {
          produce: (t) => ['kcat', ['-b', b, '-P', '-t', t, '-K:', '-z', codec, '-X', 'partitioner=murmur2_random', '-X', 'acks=all']],
          tail: (t) => ['kcat', ['-b', b, '-C', '-t', t, '-e', '-q', '-f', '%s\n']],
        },
      };
      const ms = {};
      for (const [name, tool] of Object.entries(tools)) {
        const topic = `bench-${codec}-${name}`;
        await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true });
        const produceRuns = [];
        for (let i = 0; i < REPEAT; i++) {
          const before = await total(topic);
          const [cmd, args] = tool.produce(topic);
          const r = await h.timeCommand(cmd, args, { stdinFile: input });
          if (r.code !== 0) throw new Error(`${name} produce -z ${codec} failed (${r.code}): ${r.stderr.slice(0, 800)}`);
          if ((await total(topic)) - before !== N) throw new Error(`${name} produce -z ${codec} did not add ${N} messages`);
          produceRuns.push(r.ms);
        }
        ms[`${name} produce`] = median(produceRuns);
      }
      // Both tail the topic kcat wrote (librdkafka's batches), so they read the same bytes.
      for (const name of Object.keys(tools)) {
        const readTopic = `bench-${codec}-kcat`;
        const [cmd, args] = tools[name].tail(readTopic);
        const n = lines(cmd, args);
        if (n !== N * REPEAT) throw new Error(`${name} tail of ${readTopic} printed ${n} lines, expected ${N * REPEAT}`);
        const runs = [];
        for (let i = 0; i < REPEAT; i++) {
          const r = await h.timeCommand(cmd, args, { stdout: 'ignore' });
          if (r.code !== 0) throw new Error(`${name} tail failed (${r.code}): ${r.stderr.slice(0, 800)}`);
          runs.push(r.ms);
        }
        ms[`${name} tail`] = median(runs);
      }
      const total_ = N * REPEAT;
      for (const op of ['produce', 'tail']) {
        const ours = ms[`kafka-cli ${op}`];
        const theirs = ms[`kcat ${op}`];
        const n = op === 'produce' ? N : total_;
        rows.push([codec, op, (ours / 1000).toFixed(2), h.fmt(h.rate(n, ours)), (theirs / 1000).toFixed(2), h.fmt(h.rate(n, theirs)), (theirs / ours).toFixed(2)]);
      }
      console.error(`${codec}: done`);
    }
    h.printTable(`codecs: ${h.fmt(N)} keyed messages (~100 B), 6 partitions, acks=all, Kafka ${broker.version} (median of ${REPEAT})`, ['CODEC', 'OP', 'KAFKA-CLI S', 'KAFKA-CLI MSG/S', 'KCAT S', 'KCAT MSG/S', 'KAFKA-CLI / KCAT'], rows);
  } finally {
    await client.close();
    await broker.stop();
  }
}
