import { createServer, type Server } from 'node:net';
import { describe, expect, it, afterAll } from 'vitest';
import { runCli, spawnCli } from '../helpers/cli.js';
import { testBroker } from '../helpers/broker-info.js';

describe('integration: cluster', () => {
  it('shows the cluster as a table', async () => {
    const r = await runCli(['cluster']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Cluster \S+, controller 1, 1 broker\n\nID\s+HOST\s+PORT\n1\*\s+127\.0\.0\.1\s+\d+\n$/);
    expect(r.stderr).toBe('');
  });

  it('prints the documented JSON shape', async () => {
    const r = await runCli(['cluster', '-o', 'json']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    const port = Number(testBroker().bootstrap.split(':')[1]);
    expect(data).toEqual({ clusterId: expect.any(String), controller: 1, brokers: [{ id: 1, host: '127.0.0.1', port, isController: true }] });
  });

  it('--brokers beats KAFKA_BROKERS', async () => {
    const r = await runCli(['cluster', '-b', testBroker().bootstrap], { env: { KAFKA_BROKERS: '127.0.0.1:1' } });
    expect(r.code).toBe(0);
    const bad = await runCli(['cluster', '-b', '127.0.0.1:1'], { env: { KAFKA_BROKERS: testBroker().bootstrap } });
    expect(bad.code).toBe(1);
  });

  it('rejects a bad -o with exit 2', async () => {
    const r = await runCli(['cluster', '-o', 'yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("kafka-cli: invalid --output 'yaml': expected table or json\n");
  });
});

describe('integration: fail fast', () => {
  let silent: Server | undefined;
  afterAll(() => silent?.close());

  it('a refused connection fails in well under 5 s with one line and exit 1', async () => {
    const r = await spawnCli(['cluster', '-b', '127.0.0.1:1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('kafka-cli: cannot connect to 127.0.0.1:1: connection refused (is the broker running? try: kafka-cli local start)\n');
    expect(r.stdout).toBe('');
    expect(r.ms).toBeLessThan(5000);
  });

  it('a port that accepts but never answers fails after --timeout, not 30 s', async () => {
    silent = createServer(() => {}).listen(0, '127.0.0.1');
    await new Promise((r) => silent!.once('listening', r));
    const port = (silent.address() as { port: number }).port;
    const r = await spawnCli(['cluster', '-b', `127.0.0.1:${port}`, '--timeout', '2s']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^kafka-cli: cannot connect to 127\.0\.0\.1:\d+/);
    expect(r.ms).toBeLessThan(8000);
  });

  it('an unknown command is a usage error (exit 2) on one line', async () => {
    const r = await runCli(['clustr']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kafka-cli: unknown command 'clustr'/);
  });

  it('a bad --timeout is a usage error', async () => {
    const r = await runCli(['cluster', '--timeout', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid --timeout 'soon'/);
  });

  it('no kafkajs log line reaches stdout, and -vv shows them on stderr', async () => {
    const quiet = await spawnCli(['cluster', '-b', '127.0.0.1:1']);
    expect(quiet.stderr).not.toMatch(/kafkajs/i);
    const loud = await spawnCli(['cluster', '-b', '127.0.0.1:1', '-vv']);
    expect(loud.stdout).toBe('');
    expect(loud.stderr).toMatch(/\[kafkajs (ERROR|WARN|INFO|DEBUG)\]/);
    expect(loud.code).toBe(1);
  });
});
