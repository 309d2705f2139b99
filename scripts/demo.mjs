// npm run demo: the main job end to end on a local broker that this script starts (and stops) itself.
// Start a broker, create a topic, produce keyed messages, tail them, consume with a group and show its lag.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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

function kcli(args, { input, allowFail = false } = {}) {
  console.log(`\n$ kafka-cli ${args.map((a) => (/[\s'"|*]/.test(a) ? `'${a}'` : a)).join(' ')}${input ? ' <<< ...' : ''}`);
  const r = spawnSync(process.execPath, [bin, ...args], { input, stdio: [input ? 'pipe' : 'ignore', 'inherit', 'inherit'], env: { ...process.env, KAFKA_BROKERS: brokers } });
  if (r.status !== 0 && !allowFail) throw new Error(`kafka-cli ${args[0]} exited with ${r.status}`);
  return r.status;
}

const port = await freePort();
const controller = await freePort();
const brokers = `127.0.0.1:${port}`;
let ok = false;
try {
  kcli(['local', 'start', '--port', String(port), '--controller-port', String(controller), '--data-dir', dataDir]);
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
  ok = true;
} catch (e) {
  console.error(`\ndemo failed: ${e.message}`);
} finally {
  kcli(['local', 'stop', '--data-dir', dataDir], { allowFail: true });
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
