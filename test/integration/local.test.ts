import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baseEnv, runCli, spawnCli } from '../helpers/cli.js';
import { DEFAULT_KAFKA_VERSION, freePort } from '../../src/local/broker.js';
import { forgetInstance, instancesDir, recordInstance } from '../../src/local/instances.js';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';

describe('integration: local broker commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kcli-local-'));
  afterAll(async () => {
    await runCli(['local', 'stop', '--data-dir', dir]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('status before start: not running, exit 1', async () => {
    const r = await runCli(['local', 'status', '--data-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('not running\n');
    expect(r.stderr).toBe('');
  });

  it('start, status, cluster, logs, start again, stop', async () => {
    const port = await freePort();
    const controller = await freePort();
    const start = await spawnCli(['local', 'start', '--data-dir', dir, '--port', String(port), '--controller-port', String(controller)], { timeoutMs: 120_000 });
    expect(start.stderr).toContain(`started Apache Kafka ${DEFAULT_KAFKA_VERSION} (pid `);
    expect(start.code).toBe(0);
    expect(start.stdout).toBe(`127.0.0.1:${port}\n`);

    const status = await runCli(['local', 'status', '--data-dir', dir, '-o', 'json']);
    expect(status.code).toBe(0);
    const pid = JSON.parse(start.stderr.match(/pid (\d+)/)![1]!);
    expect(JSON.parse(status.stdout)).toMatchObject({
      running: true,
      instances: [{ dir, running: true, bootstrap: `127.0.0.1:${port}`, version: DEFAULT_KAFKA_VERSION, nodes: [{ id: 1, roles: ['broker', 'controller'], pid, up: true }] }],
    });

    // Found without --data-dir: start recorded the instance (issue 13).
    const found = await runCli(['local', 'status']);
    expect(found.code).toBe(0);
    expect(found.stdout).toContain(`${dir}: running, Kafka ${DEFAULT_KAFKA_VERSION}, bootstrap 127.0.0.1:${port}`);

    const cluster = await runCli(['cluster', '-b', `127.0.0.1:${port}`, '-o', 'json']);
    expect(cluster.code).toBe(0);

    // No -b, KAFKA_BROKERS or profile: the broker local start runs is the target, on whatever port (issue 22).
    const unnamed = { env: { KAFKA_BROKERS: undefined } };
    const topic = `quick-${Date.now()}`;
    const created = await runCli(['-v', 'topic', 'create', topic], unnamed);
    expect(created.stderr).toContain(`kafka-cli: connecting to 127.0.0.1:${port} (the broker kafka-cli local start runs, ${dir});`);
    expect(created.code).toBe(0);
    expect((await runCli(['produce', topic, '--value', 'hello'], unnamed)).code).toBe(0);
    const tailed = await runCli(['tail', topic, '--from', 'beginning', '--exit', '-o', 'value'], unnamed);
    expect(tailed.stdout).toBe('hello\n');
    // Several running: the default stays, and the refused connection names them all.
    const other = mkdtempSync(join(tmpdir(), 'kcli-local-other-'));
    const env = baseEnv();
    writeFileSync(join(other, 'state.json'), JSON.stringify({ pid: process.pid, version: DEFAULT_KAFKA_VERSION, ports: { plaintext: 1, controller: 2 }, dir: other, startedAt: 'x', bootstrap: '127.0.0.1:1' }));
    recordInstance(env, other);
    try {
      const several = await runCli(['topic', 'list', '--timeout', '1s'], unnamed);
      expect(several.code).toBe(1);
      expect(several.stderr).toContain(`2 local instances run: `);
      expect(several.stderr).toContain(`127.0.0.1:${port} (${dir})`);
      expect(several.stderr).toContain(`127.0.0.1:1 (${other})`);
      expect(several.stderr).not.toContain('try: kafka-cli local start');
    } finally {
      forgetInstance(env, other);
      rmSync(other, { recursive: true, force: true });
    }

    const logs = await runCli(['local', 'logs', '--data-dir', dir, '-n', '5']);
    expect(logs.code).toBe(0);
    expect(logs.stdout.trim().split('\n')).toHaveLength(5);

    const again = await runCli(['local', 'start', '--data-dir', dir, '--port', String(port)]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/^already running \(pid \d+/);

    const stop = await runCli(['local', 'stop']);
    expect(stop.code).toBe(0);
    expect(stop.stderr).toBe('stopped\n');
    expect((await runCli(['local', 'status', '--data-dir', dir])).code).toBe(1);
    // The record went with the instance: status without --data-dir knows of none.
    expect((await runCli(['local', 'status'])).stdout).toBe('not running\n');
  });

  it('a stale record (its pid is dead) is cleaned up by status', async () => {
    const env = baseEnv();
    const stale = mkdtempSync(join(tmpdir(), 'kcli-local-stale-'));
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(join(stale, 'state.json'), JSON.stringify({ pid: dead, version: DEFAULT_KAFKA_VERSION, ports: { plaintext: 1, controller: 2 }, dir: stale, startedAt: 'x', bootstrap: '127.0.0.1:1' }));
    recordInstance(env, stale);
    expect(readdirSync(instancesDir(env)).length).toBeGreaterThan(0);
    const r = await runCli(['local', 'status']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('not running\n');
    expect(existsSync(instancesDir(env)) ? readdirSync(instancesDir(env)) : []).toEqual([]);
    rmSync(stale, { recursive: true, force: true });
  });

  it('a port in use is a clear error', async () => {
    const { createServer } = await import('node:net');
    const srv = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => srv.once('listening', r));
    const port = (srv.address() as { port: number }).port;
    const other = mkdtempSync(join(tmpdir(), 'kcli-local-busy-'));
    try {
      const r = await runCli(['local', 'start', '--data-dir', other, '--port', String(port)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`kafka-cli: port ${port} (plaintext) on 127.0.0.1 is already in use; choose another with --port\n`);
      // Issue 25 item 6: a failed start leaves nothing behind (no cluster.json with the busy port) ...
      expect(readdirSync(other)).toEqual([]);
      const fresh = join(other, 'not-yet');
      const two = await runCli(['local', 'start', '--data-dir', fresh, '--nodes', '2', '--port', String(port - 1)]);
      expect(two.code).toBe(1);
      expect(two.stderr).toBe(`kafka-cli: port ${port} (plaintext) on 127.0.0.1 is already in use; choose another with --port\n`);
      expect(existsSync(fresh)).toBe(false);
      // ... and the next --port wins.
      const free = await freePort();
      const again = await spawnCli(['local', 'start', '--data-dir', other, '--port', String(free), '--controller-port', String(await freePort())], { timeoutMs: 120_000 });
      expect(again.stderr).not.toContain('already in use');
      expect(again.code).toBe(0);
      expect(again.stdout).toBe(`127.0.0.1:${free}\n`);
    } finally {
      srv.close();
      await runCli(['local', 'stop', '--data-dir', other]);
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('missing java: one line naming what to install and the Docker alternative', async () => {
    const other = mkdtempSync(join(tmpdir(), 'kcli-local-nojava-'));
    try {
      const r = await spawnCli(['local', 'start', '--data-dir', other, '--port', String(await freePort())], { env: { PATH: '/nonexistent', JAVA_HOME: undefined } });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^kafka-cli: java not found: install Java 17 or later .*docker compose -f docker\/single-node\.yml up -d\n$/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('bad options are usage errors', async () => {
    expect((await runCli(['local', 'start', '--port', '70000'])).code).toBe(2);
    expect((await runCli(['local', 'start', '--kafka-version', 'latest', '--data-dir', dir])).stderr).toMatch(/invalid Kafka version 'latest'/);
  });
});
