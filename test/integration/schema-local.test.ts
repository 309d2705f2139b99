import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, spawnCli } from '../helpers/cli.js';
import { freePort } from '../../src/local/broker.js';
import { isAlive } from '../../src/local/broker.js';
import { runProcess } from '../helpers/process.js';

describe('integration: local start --schema-registry', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kcli-local-registry-'));
  afterAll(async () => {
    await runCli(['local', 'stop', '--data-dir', dir]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts a registry beside the broker; status shows it; stop stops both', async () => {
    const [port, controller, registryPort] = [await freePort(), await freePort(), await freePort()];
    const start = await spawnCli(['local', 'start', '--data-dir', dir, '--port', String(port), '--controller-port', String(controller), '--schema-registry', '--schema-registry-port', String(registryPort)], { timeoutMs: 180_000 });
    expect(start.stderr).toMatch(/started Apicurio Registry \d+\.\d+\.\d+\S* \(pid \d+, Java \d+\)/);
    expect(start.code).toBe(0);
    const url = `http://127.0.0.1:${registryPort}/apis/ccompat/v7`;
    expect(start.stdout).toBe(`127.0.0.1:${port}\n${url}\n`);

    const status = await runCli(['local', 'status', '--data-dir', dir, '-o', 'json']);
    const s = (JSON.parse(status.stdout) as { instances: Array<{ schemaRegistry: { url: string; pid: number } }> }).instances[0]!;
    expect(s.schemaRegistry.url).toBe(url);

    const reg = await runCli(['schema', 'register', 'local-value', join(ROOT, 'test', 'fixtures', 'schema', 'order.avsc'), '--schema-registry', url, '-o', 'json']);
    expect(reg.code).toBe(0);
    expect(JSON.parse(reg.stdout)).toMatchObject({ subject: 'local-value', version: 1, id: expect.any(Number) });
    // The global compatibility the launcher sets.
    expect(JSON.parse((await runCli(['schema', 'config', '--schema-registry', url, '-o', 'json'])).stdout)).toEqual({ subject: null, compatibility: 'BACKWARD' });

    const stop = await runCli(['local', 'stop', '--data-dir', dir]);
    expect(stop.stderr).toBe('schema registry stopped\nstopped\n');
    expect(isAlive(s.schemaRegistry.pid)).toBe(false);
    const after = await runCli(['schema', 'list', '--schema-registry', url]);
    expect(after.code).toBe(1);
    // A broker and a JVM registry start, and stop, inside: give it the start's own 180 s, not the default 60 s.
  }, 240_000);

  it('--schema-registry with a URL is refused by local start (it starts one)', async () => {
    const r = await runCli(['local', 'start', '--data-dir', dir, '--schema-registry', 'http://x:1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kafka-cli: local start --schema-registry takes no URL: it starts one (port: --schema-registry-port)\n');
  });

  it('fetching the registry leaves nothing in the working directory (Maven runs in a folder of its own)', async () => {
    // A fresh cache makes Maven unpack again (from ~/.m2); before, each first fetch left a `${project.basedir}/` folder
    // (the dependency plugin's markers) wherever the user ran kafka-cli.
    const cwd = mkdtempSync(join(tmpdir(), 'kcli-registry-cwd-'));
    const cache = mkdtempSync(join(tmpdir(), 'kcli-registry-cache-'));
    try {
      const script = `const m = await import(${JSON.stringify(join(ROOT, 'dist', 'local', 'registry.js'))}); console.log(m.ensureRegistry(m.chooseRegistry().version, undefined, ${JSON.stringify(cache)}));`;
      const r = await runProcess(process.execPath, ['--input-type=module', '-e', script], { cwd, timeoutMs: 170_000 });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(readdirSync(cwd)).toEqual([]);
      // Only the unpacked registry stays in the cache: no Maven work folder, no half-unpacked temp.
      expect(readdirSync(cache)).toEqual([r.stdout.trim().split('/').pop()]);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
      rmSync(cache, { recursive: true, force: true });
    }
  }, 180_000);
});
