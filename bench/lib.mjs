// Shared bench harness: a real broker from the Apache jars, timing of whole commands, result tables.
// Cases live in bench/cases/<name>.mjs and export `async function run(h)` where h is this module's harness.
import os from 'node:os';
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';

export const ROOT = resolve(import.meta.dirname, '..');
export const BIN = join(ROOT, 'bin', 'kafka-cli.js');

const { startBroker, stopBroker, freePort, ensureKafkaJars, DEFAULT_KAFKA_VERSION } = await import(join(ROOT, 'dist', 'local', 'broker.js'));

/** Starts a fresh broker for one bench run. `rebalanceDelayMs` defaults to the stock 3000. */
export async function startBenchBroker({ rebalanceDelayMs = 3000, heap = '1g' } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-cli-bench-'));
  const ports = { plaintext: await freePort(), controller: await freePort() };
  const state = await startBroker({ dir, ports, initialRebalanceDelayMs: rebalanceDelayMs, heap, onProgress: (l) => console.error(l) });
  return {
    bootstrap: state.bootstrap,
    version: state.version,
    dir,
    async stop() {
      await stopBroker(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Classpath of Apache's own tools (same jars as the broker). */
export function kafkaClasspath() {
  return join(ensureKafkaJars(DEFAULT_KAFKA_VERSION), '*');
}

/** `java` with the Kafka tools on the classpath and quiet logging. */
export function javaArgs(mainClass, args) {
  return ['-Xms256m', '-Xmx1g', '-Dlog4j.configuration=file:/dev/null', '-cp', kafkaClasspath(), mainClass, ...args];
}

export function have(cmd) {
  return !spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status;
}

/**
 * Runs a command to completion and returns { ms, code, stdout (if captured), stderr }.
 * stdin: a file path to feed; stdout: 'ignore' | 'capture' | a file path.
 */
export async function timeCommand(cmd, args, { stdinFile, stdout = 'ignore', env = {}, timeoutMs = 600_000 } = {}) {
  const t0 = performance.now();
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: [stdinFile ? 'pipe' : 'ignore', stdout === 'capture' ? 'pipe' : stdout === 'ignore' ? 'ignore' : 'pipe', 'pipe'] });
  const err = [];
  const out = [];
  child.stderr.on('data', (c) => err.push(c));
  if (stdout === 'capture') child.stdout.on('data', (c) => out.push(c));
  else if (stdout !== 'ignore') child.stdout.pipe(createWriteStream(stdout));
  if (stdinFile) {
    const { createReadStream } = await import('node:fs');
    createReadStream(stdinFile).pipe(child.stdin);
    child.stdin.on('error', () => {});
  }
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = await once(child, 'close');
  clearTimeout(timer);
  return { ms: performance.now() - t0, code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

/** Milliseconds until the first line appears on stdout, then kills the process. */
export async function timeToFirstLine(cmd, args, { env = {}, timeoutMs = 60_000 } = {}) {
  const t0 = performance.now();
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const err = [];
  child.stderr.on('data', (c) => err.push(c));
  return await new Promise((resolvePromise) => {
    let buf = '';
    const timer = setTimeout(() => finish(null), timeoutMs);
    function finish(ms) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      resolvePromise({ ms, stderr: Buffer.concat(err).toString() });
    }
    child.stdout.on('data', (c) => {
      buf += c;
      if (buf.includes('\n')) finish(performance.now() - t0);
    });
    child.on('close', () => finish(null));
  });
}

/** Writes n lines `key-<i % keys>:<payload>` of about `size` bytes each; returns the path. */
export async function keyedInputFile(n, size = 100, keys = 10_000) {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-cli-bench-input-'));
  const path = join(dir, 'input.txt');
  const out = createWriteStream(path);
  const pad = 'x'.repeat(size);
  for (let i = 0; i < n; i++) {
    const key = `key-${i % keys}`;
    const head = `${key}:v${i}-`;
    const line = head + pad.slice(0, Math.max(0, size - head.length)) + '\n';
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return path;
}

/** Runs kafka-cli itself (the built dist) as a separate process. */
export function cli(...args) {
  return [process.execPath, [BIN, ...args]];
}

export function rate(n, ms) {
  return n / (ms / 1000);
}

export function fmt(n, digits = 0) {
  return Number(n).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** Prints rows as an aligned table. */
export function printTable(title, headers, rows) {
  const all = [headers, ...rows.map((r) => r.map((c) => String(c)))];
  const widths = headers.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  // The machine's load when the table is printed (1, 5, 15 min): ratios from a busy machine are worth less.
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`\n${title} (load ${load}, ${os.cpus().length} cores)`);
  for (const r of all) console.log(r.map((c, i) => (c ?? '').padEnd(widths[i])).join('  ').trimEnd());
}

export const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1_000_000);

/**
 * Messages in a topic (sum of high watermarks). A topic just created on a fresh broker can answer
 * NOT_LEADER_FOR_PARTITION for a moment: asked again until it answers (10 s at most).
 */
export async function messagesIn(admin, topic) {
  for (let i = 0; ; i++) {
    try {
      return (await admin.fetchTopicOffsets(topic)).reduce((s, p) => s + Number(p.high), 0);
    } catch (e) {
      if (i >= 40 || !e.retriable) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
