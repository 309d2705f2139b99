import { createServer, type Server } from 'node:net';
import { describe, expect, it, afterAll } from 'vitest';
import { runCli, spawnCli, uniqueName } from '../helpers/cli.js';
import { testBroker } from '../helpers/broker-info.js';
import { apacheTool } from '../helpers/apache.js';
import { requireTool } from '../helpers/require-tool.js';

describe('integration: cluster', () => {
  it('shows the cluster as a table: brokers, the KRaft controllers and the features', async () => {
    const r = await runCli(['cluster']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Cluster \S+: 1 broker, active controller 1 \(KRaft, metadata\.version \d\.\d-IV\d\)\n\nBROKER\s+HOST\s+PORT\s+RACK\s+STATUS\n1\*\s+127\.0\.0\.1\s+\d+\s+-\s+up\n/);
    expect(r.stdout).toMatch(/^CONTROLLER\s+ROLE\s+HOST\s+PORT\s+LOG-END\s+LAG\s+CAUGHT-UP\n1\*\s+leader\s+127\.0\.0\.1\s+\d+\s+\d+\s+\d+/m);
    expect(r.stdout).toMatch(/^metadata\.version\s+\d+ \(\d\.\d-IV\d\)$/m);
    expect(r.stderr).toBe('');
  });

  it('prints the documented JSON shape', async () => {
    const r = await runCli(['cluster', '-o', 'json']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    const port = Number(testBroker().bootstrap.split(':')[1]);
    expect(data).toMatchObject({ clusterId: expect.any(String), controller: 1, metadataVersion: expect.stringMatching(/^\d\.\d-IV\d$/), brokers: [{ id: 1, host: '127.0.0.1', port, rack: null, fenced: false, isController: true }] });
    expect(Object.keys(data)).toEqual(['clusterId', 'controller', 'metadataVersion', 'brokers', 'quorum', 'features']);
    expect(data.quorum).toMatchObject({ leaderId: 1, leaderEpoch: expect.any(Number), highWatermark: expect.stringMatching(/^\d+$/), voters: [{ id: 1, host: '127.0.0.1', port: expect.any(Number), lag: expect.any(Number) }] });
  });

  it.skipIf(!requireTool('java-tools'))('controllers and features equal kafka-metadata-quorum and kafka-features', async () => {
    const data = JSON.parse((await runCli(['cluster', '-o', 'json'])).stdout) as { controller: number; metadataVersion: string; quorum: { voters: Array<{ id: number; port: number }> }; features: Array<{ name: string; level: number }> };
    const status = await apacheTool('org.apache.kafka.tools.MetadataQuorumCommand', ['--bootstrap-server', testBroker().bootstrap, 'describe', '--status']);
    expect(status.code, status.stderr).toBe(0);
    expect(Number(/LeaderId:\s+(\d+)/.exec(status.stdout)?.[1])).toBe(data.controller);
    const voters = /CurrentVoters:\s+(.*)/.exec(status.stdout)![1]!;
    for (const v of data.quorum.voters) expect(voters).toContain(`"id": ${v.id}`);
    const features = await apacheTool('org.apache.kafka.tools.FeatureCommand', ['--bootstrap-server', testBroker().bootstrap, 'describe']);
    expect(features.code, features.stderr).toBe(0);
    const theirs = new Map([...features.stdout.matchAll(/Feature: (\S+)\s.*FinalizedVersionLevel: (\S+)/g)].map((m) => [m[1]!, m[2]!]));
    expect(theirs.size).toBeGreaterThan(0);
    expect(theirs.get('metadata.version')).toBe(data.metadataVersion);
    for (const f of data.features) if (f.name !== 'metadata.version') expect(theirs.get(f.name), f.name).toBe(String(f.level));
  });

  it('--brokers beats KAFKA_BROKERS', async () => {
    const r = await runCli(['cluster', '-b', testBroker().bootstrap], { env: { KAFKA_BROKERS: '127.0.0.1:1' } });
    expect(r.code).toBe(0);
    const bad = await runCli(['cluster', '-b', '127.0.0.1:1'], { env: { KAFKA_BROKERS: testBroker().bootstrap } });
    expect(bad.code).toBe(1);
  });

  it('elect-leaders: -o after the verb or before it (commander hands it to cluster) picks JSON; none gives the table', async () => {
    const t = uniqueName('elect-o');
    expect((await runCli(['topic', 'create', t, '-p', '1'])).code).toBe(0);
    const row = { topic: t, partition: 0, leaderBefore: 1, leaderAfter: 1, outcome: 'not-needed', error: null };
    for (const args of [['cluster', 'elect-leaders', '--topic', t, '-o', 'json'], ['cluster', '-o', 'JSON', 'elect-leaders', '--topic', t]]) {
      const r = await runCli(args);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout), args.join(' ')).toEqual([row]);
    }
    const table = await runCli(['cluster', 'elect-leaders', '--topic', t]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^TOPIC\s+PARTITION\s+LEADER-BEFORE\s+LEADER-AFTER\s+RESULT\n\S+\s+0\s+1\s+1\s+not needed\n$/);
    expect((await runCli(['cluster', 'elect-leaders', '--topic', t, '-o', 'yaml'])).stderr).toBe("kafka-cli: invalid --output 'yaml': expected table or json\n");
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

  // --timeout is a bound: the process is gone within about --timeout + 1.5 s, plus what starting the program costs on
  // this machine right now (measured beside each run: under CI load Node's start-up alone can take a second or more).
  for (const [timeout, limitMs] of [['2s', 3500], [undefined, 6500]] as const) {
    it(`a port that accepts but never answers: exit 1 with one line within ${limitMs} ms plus start-up (${timeout ? `--timeout ${timeout}` : 'default 5 s'})`, async () => {
      silent ??= createServer((socket) => socket.on('error', () => {})).listen(0, '127.0.0.1');
      if (!silent.listening) await new Promise((r) => silent!.once('listening', r));
      const port = (silent.address() as { port: number }).port;
      const commands = [['cluster'], ['topic', 'list'], ['tail', 'never-answered', '--from', 'beginning', '--exit'], ['produce', 'never-answered', '--value', 'x']];
      for (const command of commands) {
        // A refused connection costs start-up and next to no waiting: the baseline for this machine's load.
        const startup = (await spawnCli([...command, '-b', '127.0.0.1:1'])).ms;
        const r = await spawnCli([...command, '-b', `127.0.0.1:${port}`, ...(timeout ? ['--timeout', timeout] : [])]);
        const what = command.join(' ');
        expect(r.code, `${what}: ${r.stderr}`).toBe(1);
        expect(r.stderr.trim().split('\n'), what).toHaveLength(1);
        expect(r.stderr, what).toMatch(new RegExp(`^kafka-cli: cannot connect to 127\\.0\\.0\\.1:${port}: no answer within ${timeout === '2s' ? 2000 : 5000} ms\n$`));
        expect(r.ms, `${what} (start-up ${startup} ms)`).toBeLessThan(limitMs + startup);
      }
    }, 120_000);
  }

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
