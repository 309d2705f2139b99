// npm run demo: the main job end to end on a local broker that this script starts (and stops) itself.
// Start a broker, create a topic, produce keyed messages, tail them, consume with a group and show its lag;
// then one schema'd topic: Avro through the Schema Registry started beside the broker.
// `npm run demo -- --port 42092` puts the broker on that port (default: a free one; the controller takes a free port).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';

const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin', 'kafka-cli.js');
const dataDir = mkdtempSync(join(tmpdir(), 'kafka-cli-demo-'));

function freePort() {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => res(p));
    });
  });
}

function kcli(args, { input, allowFail = false, schema = false } = {}) {
  console.log(`\n$ kafka-cli ${args.map((a) => (/[\s'"|*]/.test(a) ? `'${a}'` : a)).join(' ')}${input ? ' <<< ...' : ''}`);
  const r = spawnSync(process.execPath, [bin, ...args], { input, stdio: [input ? 'pipe' : 'ignore', 'inherit', 'inherit'], env: { ...process.env, KAFKA_BROKERS: brokers, ...(schema ? { KAFKA_SCHEMA_REGISTRY_URL: registry } : {}) } });
  if (r.status !== 0 && !allowFail) throw new Error(`kafka-cli ${args[0]} exited with ${r.status}`);
  return r.status;
}

function portArg(argv) {
  const i = argv.findIndex((a) => a === '--port' || a.startsWith('--port='));
  if (i < 0) return undefined;
  const text = argv[i].includes('=') ? argv[i].slice('--port='.length) : argv[i + 1];
  const n = Number(text);
  if (!/^\d+$/.test(text ?? '') || n < 1 || n > 65535) {
    console.error(`demo: invalid --port '${text ?? ''}': expected 1-65535 (npm run demo -- --port 42092)`);
    process.exit(2);
  }
  return n;
}

const port = portArg(process.argv.slice(2)) ?? (await freePort());
const controller = await freePort();
const brokers = `127.0.0.1:${port}`;
const registryPort = await freePort();
const registry = `http://127.0.0.1:${registryPort}/apis/ccompat/v7`;
let ok = false;
try {
  kcli(['local', 'start', '--port', String(port), '--controller-port', String(controller), '--data-dir', dataDir, '--schema-registry', '--schema-registry-port', String(registryPort)]);
  kcli(['cluster']);
  kcli(['topic', 'create', 'orders', '--partitions', '3', '--config', 'retention.ms=86400000']);
  kcli(['topic', 'list']);
  const lines = Array.from({ length: 12 }, (_, i) => `customer-${i % 4}:{"order":${i + 1},"amount":${(i + 1) * 10}}`).join('\n') + '\n';
  kcli(['produce', 'orders', '-K', ':', '-H', 'source=demo'], { input: lines });
  kcli(['tail', 'orders', '--from', 'beginning', '--exit']);
  kcli(['tail', 'orders', '--from', 'beginning', '--exit', '-o', 'json', '-c', '2']);
  // A consumer group reads 8 of the 12 messages and commits: 4 left to consume.
  kcli(['tail', 'orders', '--from', 'beginning', '--group', 'billing', '-c', '8', '-o', 'value']);
  kcli(['lag', 'billing']);
  kcli(['lag', 'billing', '--max-lag', '2'], { allowFail: true });
  kcli(['topic', 'describe', 'orders']);
  // One schema'd topic: Avro values registered explicitly, decoded by tail, listed by schema.
  const avsc = join(dataDir, 'payment.avsc');
  writeFileSync(avsc, JSON.stringify({ type: 'record', name: 'Payment', namespace: 'demo', fields: [{ name: 'order', type: 'long' }, { name: 'amount', type: 'double' }, { name: 'method', type: { type: 'enum', name: 'Method', symbols: ['CARD', 'IBAN'] } }, { name: 'note', type: ['null', 'string'], default: null }] }));
  kcli(['topic', 'create', 'payments']);
  const payments = Array.from({ length: 4 }, (_, i) => `customer-${i}|${JSON.stringify({ order: i + 1, amount: (i + 1) * 10, method: i % 2 ? 'IBAN' : 'CARD', note: i === 0 ? 'first' : null })}`).join('\n') + '\n';
  kcli(['produce', 'payments', '-K', '|', '--value-schema', avsc, '--register'], { input: payments, schema: true });
  kcli(['schema', 'list'], { schema: true });
  kcli(['schema', 'versions', 'payments-value'], { schema: true });
  kcli(['tail', 'payments', '--from', 'beginning', '--exit'], { schema: true });
  kcli(['tail', 'payments', '--from', 'beginning', '--exit', '-o', 'json', '-c', '1'], { schema: true });
  ok = true;
} catch (e) {
  console.error(`\ndemo failed: ${e.message}`);
} finally {
  kcli(['local', 'stop', '--data-dir', dataDir], { allowFail: true });
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
