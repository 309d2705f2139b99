/** No Node.js warning reaches stderr: the ones kafkajs provokes are dropped once a client exists. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

describe('Node warnings', () => {
  it('a socket with 11 connect listeners (as kafkajs reconnects can leave) prints no MaxListenersExceededWarning', () => {
    // The source through tsx, not dist/: the unit project builds nothing, so dist/ may be stale or missing.
    const client = join(ROOT, 'src', 'kafka', 'client', 'client.ts');
    const script = `
      const { createClient } = await import(${JSON.stringify(client)});
      createClient({ brokers: ['127.0.0.1:9'], clientId: 't', timeoutMs: 1000, verbose: false }, process.stderr);
      const { Socket } = await import('node:net');
      const s = new Socket();
      for (let i = 0; i < 11; i++) s.on('connect', () => {});
      setTimeout(() => {}, 50);`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: ROOT });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    // Without a client the same code does warn: the test can fail.
    const bare = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script.replace(/createClient\(.*\);/, '')], { encoding: 'utf8', cwd: ROOT });
    expect(bare.stderr).toMatch(/MaxListenersExceededWarning/);
  });
});
