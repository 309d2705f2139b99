import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { ROOT, spawnCli } from '../helpers/cli.js';

const trace = ['--import', join(ROOT, 'test', 'fixtures', 'trace-imports.mjs')];

describe('integration: start-up (spawned binary)', () => {
  it('--version prints the package version without loading kafkajs', async () => {
    const r = await spawnCli(['--version'], { nodeArgs: trace });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version + '\n');
    expect(r.stderr).not.toContain('TRACE-IMPORT');
  });

  it('--help lists the commands without loading kafkajs', async () => {
    const r = await spawnCli(['--help'], { nodeArgs: trace });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: kafka-cli/);
    expect(r.stdout).toMatch(/Exit codes: 0 ok, 1 operation failed, 2 usage or bad input, 3 threshold exceeded, 130 interrupted/);
    expect(r.stderr).not.toContain('TRACE-IMPORT');
  });

  it('a command that talks to Kafka does load kafkajs (the trace works)', async () => {
    const r = await spawnCli(['cluster', '-b', '127.0.0.1:1'], { nodeArgs: trace });
    expect(r.stderr).toContain('TRACE-IMPORT');
  });
});
