// schema: produce and tail BENCH_MESSAGES (default 1,000,000) Avro records through the Schema Registry
// (Apicurio, started here), next to the same JSON documents without a schema. Whole processes, 6 partitions,
// acks=all; tail is `--from beginning --exit -o value` to /dev/null (decoded to JSON text when a schema applies).
// Each timing is the median of BENCH_REPEAT (default 3) runs.
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCHEMA = {
  type: 'record',
  name: 'User',
  namespace: 'bench',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'name', type: 'string' },
    { name: 'email', type: ['null', 'string'], default: null },
    { name: 'score', type: 'double' },
    { name: 'tags', type: { type: 'map', values: 'string' } },
  ],
};

async function jsonLines(n) {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-cli-bench-schema-'));
  const path = join(dir, 'users.jsonl');
  const out = createWriteStream(path);
  for (let i = 0; i < n; i++) {
    const line = JSON.stringify({ id: i, name: `user-${i}`, email: i % 3 ? `u${i}@example.com` : null, score: i * 1.5, tags: { plan: i % 2 ? 'pro' : 'free' } }) + '\n';
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { path, dir };
}

export async function run(h) {
  const N = h.MESSAGES;
  const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const { startRegistry, stopRegistry } = await import(join(h.ROOT, 'dist', 'local', 'registry.js'));
  const { freePort } = await import(join(h.ROOT, 'dist', 'local', 'broker.js'));
  const regDir = mkdtempSync(join(tmpdir(), 'kafka-cli-bench-registry-'));
  const [broker, registry] = await Promise.all([h.startBenchBroker({ rebalanceDelayMs: 0 }), startRegistry({ dir: regDir, port: await freePort(), managementPort: await freePort() })]);
  console.error(`Apicurio Registry ${registry.version} on Java ${registry.javaMajor}, Kafka ${broker.version}`);
  const input = await jsonLines(N);
  const avsc = join(input.dir, 'user.avsc');
  writeFileSync(avsc, JSON.stringify(SCHEMA));
  try {
    const [node, bin] = h.cli();
    const cli = (...a) => [...bin, '-b', broker.bootstrap, '--schema-registry', registry.url, ...a];
    const produceMs = {};
    const tailMs = {};
    for (const [name, extra] of [['no schema (JSON text)', []], ['Avro (--value-schema)', ['--value-schema', avsc, '--register']]]) {
      const runs = [];
      const tails = [];
      for (let i = 0; i < REPEAT; i++) {
        const topic = `bench-schema-${extra.length ? 'avro' : 'plain'}-${i}`;
        let r = await h.timeCommand(node, cli('topic', 'create', topic, '-p', '6'), { stdout: 'capture' });
        if (r.code !== 0) throw new Error(`topic create failed: ${r.stderr}`);
        r = await h.timeCommand(node, cli('produce', topic, ...extra), { stdinFile: input.path });
        if (r.code !== 0) throw new Error(`${name} produce failed: ${r.stderr.slice(0, 500)}`);
        runs.push(r.ms);
        const t = await h.timeCommand(node, cli('tail', topic, '--from', 'beginning', '--exit', '-o', 'value'), { stdout: 'ignore' });
        if (t.code !== 0) throw new Error(`${name} tail failed: ${t.stderr.slice(0, 500)}`);
        tails.push(t.ms);
      }
      produceMs[name] = median(runs);
      tailMs[name] = median(tails);
    }
    const rows = Object.keys(produceMs).map((name) => [name, h.fmt(produceMs[name]), h.fmt(h.rate(N, produceMs[name])), h.fmt(tailMs[name]), h.fmt(h.rate(N, tailMs[name]))]);
    h.printTable(`schema: ${h.fmt(N)} records, 6 partitions, whole processes (median of ${REPEAT})`, ['values', 'produce ms', 'produce msg/s', 'tail ms', 'tail msg/s'], rows);
  } finally {
    await Promise.all([broker.stop(), stopRegistry(regDir)]);
    rmSync(regDir, { recursive: true, force: true });
    rmSync(input.dir, { recursive: true, force: true });
  }
}
