#!/usr/bin/env node
/**
 * Captures real Kafka request and response bytes for the protocol room's golden tests
 * (test/fixtures/protocol/*.json): a fresh local broker advertises a recording proxy, and Apache's own Java
 * tools (and kafka-cli) talk to it through the proxy. For every API the room speaks, the first request and
 * response of each version are saved (body bytes without headers), with who sent the request.
 *   npm run build && node scripts/capture-protocol-fixtures.mjs [kafka-version]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureKafkaJars, freePort, startBroker, stopBroker } from '../dist/local/broker.js';
import { MESSAGES } from '../dist/kafka/protocol/messages.generated.js';
import { inVersions } from '../dist/kafka/protocol/schema.js';

const version = process.argv[2] ?? '4.4.0';
const lib = ensureKafkaJars(version);
const OUT = new URL('../test/fixtures/protocol/', import.meta.url);
mkdirSync(OUT, { recursive: true });
const byKey = new Map(Object.entries(MESSAGES).map(([name, m]) => [m.request.apiKey, name]));

const readUVarint = (b, pos) => {
  let v = 0;
  let shift = 0;
  for (;;) {
    const x = b[pos++];
    v |= (x & 0x7f) << shift;
    if (x < 0x80) return [v, pos];
    shift += 7;
  }
};
const skipTags = (b, pos) => {
  let n;
  [n, pos] = readUVarint(b, pos);
  for (let i = 0; i < n; i++) {
    let size;
    [, pos] = readUVarint(b, pos);
    [size, pos] = readUVarint(b, pos);
    pos += size;
  }
  return pos;
};

const captured = new Map(); // `${api}-v${ver}` -> { api, version, client, request, response }
let client = 'java';

/** Splits a byte stream into size-prefixed Kafka frames. */
function framer(onFrame) {
  let buf = Buffer.alloc(0);
  return (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    while (buf.length >= 4) {
      const size = buf.readInt32BE(0);
      if (buf.length < 4 + size) break;
      onFrame(buf.subarray(4, 4 + size));
      buf = buf.subarray(4 + size);
    }
  };
}

async function proxy(listenPort, targetPort) {
  const server = createServer((down) => {
    const up = createConnection({ port: targetPort, host: '127.0.0.1' });
    const pending = new Map();
    down.on('data', framer((f) => {
      const apiKey = f.readInt16BE(0);
      const apiVersion = f.readInt16BE(2);
      const correlationId = f.readInt32BE(4);
      const api = byKey.get(apiKey);
      let pos = 8;
      const idLen = f.readInt16BE(pos);
      pos += 2 + Math.max(0, idLen);
      const flexible = api && inVersions(MESSAGES[api].request.flexibleVersions, apiVersion);
      if (flexible) pos = skipTags(f, pos);
      if (api) pending.set(correlationId, { api, apiVersion, request: Buffer.from(f.subarray(pos)), client });
    }));
    up.on('data', framer((f) => {
      const correlationId = f.readInt32BE(0);
      const p = pending.get(correlationId);
      if (!p) return;
      pending.delete(correlationId);
      let pos = 4;
      if (p.api !== 'ApiVersions' && inVersions(MESSAGES[p.api].response.flexibleVersions, p.apiVersion)) pos = skipTags(f, pos);
      const key = `${p.api}-v${p.apiVersion}`;
      if (!captured.has(key)) captured.set(key, { api: p.api, version: p.apiVersion, client: p.client, request: p.request.toString('hex'), response: Buffer.from(f.subarray(pos)).toString('hex') });
    }));
    down.pipe(up);
    up.pipe(down);
    const close = () => {
      down.destroy();
      up.destroy();
    };
    down.on('error', close);
    up.on('error', close);
  });
  await new Promise((r) => server.listen(listenPort, '127.0.0.1', r));
  return server;
}

const dir = mkdtempSync(join(tmpdir(), 'kafka-cli-capture-'));
const [plaintext, controller, proxyPort] = [await freePort(), await freePort(), await freePort()];
const bootstrap = `127.0.0.1:${proxyPort}`;
const server = await proxy(proxyPort, plaintext);
await startBroker({
  dir,
  version,
  ports: { plaintext, controller },
  initialRebalanceDelayMs: 0,
  extraConfig: { 'advertised.listeners': `PLAINTEXT://${bootstrap}` },
});
// Asynchronous on purpose: the recording proxy runs in this process's event loop.
const run = (cmd, args, input) =>
  new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'ignore', 'ignore'] });
    child.stdin.end(input ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) process.stderr.write(`(${args.filter((a) => !a.startsWith('-')).slice(-3).join(' ')}: exit ${code})\n`);
      resolve(code);
    });
  });
const java = (main, args) => run('java', ['-Xmx256m', '-Dlog4j2.level=error', '-cp', join(lib, '*'), main, ...args]);
const cli = (args, input) => run('node', [new URL('../bin/kafka-cli.js', import.meta.url).pathname, '-b', bootstrap, ...args], input);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

try {
  await cli(['topic', 'create', 'golden', '-p', '2']);
  await cli(['produce', 'golden', '-K:'], 'k1:v1\nk2:v2\nk3:v3\n');
  const consumer = spawn('java', ['-Xmx256m', '-Dlog4j2.level=error', '-cp', join(lib, '*'), 'org.apache.kafka.tools.consumer.ConsoleConsumer', '--bootstrap-server', bootstrap, '--topic', 'golden', '--group', 'golden-848', '--from-beginning', '--consumer-property', 'group.protocol=consumer'], { stdio: 'ignore' });
  await java('org.apache.kafka.tools.ConfigCommand', ['--bootstrap-server', bootstrap, '--alter', '--entity-type', 'groups', '--entity-name', 'golden-share', '--add-config', 'share.auto.offset.reset=earliest']);
  const share = spawn('java', ['-Xmx256m', '-Dlog4j2.level=error', '-cp', join(lib, '*'), 'org.apache.kafka.tools.consumer.ConsoleShareConsumer', '--bootstrap-server', bootstrap, '--topic', 'golden', '--group', 'golden-share'], { stdio: 'ignore' });
  await sleep(15_000);
  const CGC = 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand';
  const SGC = 'org.apache.kafka.tools.consumer.group.ShareGroupCommand';
  await java(CGC, ['--bootstrap-server', bootstrap, '--list', '--state']);
  await java(CGC, ['--bootstrap-server', bootstrap, '--describe', '--group', 'golden-848', '--members']);
  await java(CGC, ['--bootstrap-server', bootstrap, '--describe', '--group', 'golden-848']);
  // While the consumer runs: the broker refuses the partition (GROUP_SUBSCRIBED_TO_TOPIC).
  await java(CGC, ['--bootstrap-server', bootstrap, '--delete-offsets', '--group', 'golden-848', '--topic', 'golden:1']);
  await java(SGC, ['--bootstrap-server', bootstrap, '--describe', '--group', 'golden-share', '--members']);
  await java(SGC, ['--bootstrap-server', bootstrap, '--describe', '--group', 'golden-share']);
  await java('org.apache.kafka.tools.MetadataQuorumCommand', ['--bootstrap-server', bootstrap, 'describe', '--status']);
  await java('org.apache.kafka.tools.FeatureCommand', ['--bootstrap-server', bootstrap, 'describe']);
  await java('org.apache.kafka.tools.ConfigCommand', ['--bootstrap-server', bootstrap, '--alter', '--entity-type', 'topics', '--entity-name', 'golden', '--add-config', 'retention.ms=3600000']);
  await java('org.apache.kafka.tools.ConfigCommand', ['--bootstrap-server', bootstrap, '--describe', '--entity-type', 'topics', '--entity-name', 'golden']);
  await java('org.apache.kafka.tools.GetOffsetShell', ['--bootstrap-server', bootstrap, '--topic', 'golden']);
  await java('org.apache.kafka.tools.ClusterTool', ['cluster-id', '--bootstrap-server', bootstrap]);
  consumer.kill('SIGTERM');
  share.kill('SIGTERM');
  await sleep(3000);
  await java(SGC, ['--bootstrap-server', bootstrap, '--reset-offsets', '--group', 'golden-share', '--topic', 'golden', '--to-earliest', '--execute']);
  await java(SGC, ['--bootstrap-server', bootstrap, '--delete', '--group', 'golden-share']);
  // What only kafka-cli sends in this run: the versions it chooses itself.
  client = 'kafka-cli';
  await cli(['lag', 'golden-848', '-o', 'json']);
  await cli(['group', 'list']);
  await cli(['cluster']);
  await cli(['tail', 'golden', '--from', 'beginning', '-e']);
  await cli(['group', 'reset-offsets', 'golden-848', '--topic', 'golden', '--to-earliest', '--execute']);
  await cli(['group', 'delete', 'golden-848', '--yes']);
} finally {
  await stopBroker(dir);
  server.close();
  rmSync(dir, { recursive: true, force: true });
}

// Versions already captured (e.g. from a newer Kafka) are kept: a second run with an older Kafka adds the versions it speaks.
let added = 0;
for (const [key, c] of [...captured].sort()) {
  const file = new URL(`${key}.json`, OUT);
  if (existsSync(file)) continue;
  writeFileSync(file, JSON.stringify({ ...c, kafka: version }, null, 1) + '\n');
  added++;
}
process.stderr.write(`${added} new fixture files\n`);
process.stderr.write(`captured ${captured.size} request/response pairs: ${[...captured.keys()].sort().join(' ')}\n`);
