/** `quota list|set|delete` against a real broker, checked with Apache's kafka-configs --describe --entity-type clients. */
import { describe, expect, it } from 'vitest';
import { runCli, uniqueName } from '../helpers/cli.js';
import { testBroker } from '../helpers/broker-info.js';
import { apacheTool, toolClass } from '../helpers/apache.js';
import { requireTool } from '../helpers/require-tool.js';

async function apacheClientQuotas(client: string): Promise<string> {
  const r = await apacheTool(toolClass('ConfigCommand'), ['--bootstrap-server', testBroker().bootstrap, '--describe', '--entity-type', 'clients', '--entity-name', client]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

describe('integration: quota', () => {
  it('set is a dry run until --execute; list -o json shows it; delete removes it', async () => {
    const client = uniqueName('qc');
    const dry = await runCli(['quota', 'set', '--client', client, '--producer-byte-rate', '1048576']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain('Dry run');
    expect(JSON.parse((await runCli(['quota', 'list', '--client', client, '-o', 'json'])).stdout)).toEqual([]);

    const set = await runCli(['quota', 'set', '--client', client, '--producer-byte-rate', '1048576', '--request-percentage', '50', '--execute']);
    expect(set.code, set.stderr).toBe(0);
    await expect.poll(async () => JSON.parse((await runCli(['quota', 'list', '--client', client, '-o', 'json'])).stdout), { timeout: 15_000 })
      .toEqual([{ entity: { 'client-id': client }, quotas: { producer_byte_rate: 1048576, request_percentage: 50 } }]);

    const del = await runCli(['quota', 'delete', '--client', client, '--producer-byte-rate', '--execute']);
    expect(del.code, del.stderr).toBe(0);
    await expect.poll(async () => JSON.parse((await runCli(['quota', 'list', '--client', client, '-o', 'json'])).stdout), { timeout: 15_000 })
      .toEqual([{ entity: { 'client-id': client }, quotas: { request_percentage: 50 } }]);

    expect((await runCli(['quota', 'set', '--producer-byte-rate', '1'])).code).toBe(2);
    expect((await runCli(['quota', 'set', '--user', 'a', '--producer-byte-rate', 'x'])).code).toBe(2);
    // A dry run is validated by the broker: a quota the entity cannot take is exit 1, nothing set.
    const refused = await runCli(['quota', 'set', '--ip', '10.0.0.9', '--producer-byte-rate', '1']);
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toMatch(/^kafka-cli: set quotas of ip=10\.0\.0\.9: /);
  });

  it('list --user shows the user\'s own quotas and those of the user with a client id (also the default one)', async () => {
    const user = uniqueName('qu');
    for (const args of [['--user', user, '--producer-byte-rate', '1024'], ['--user', user, '--client', 'app', '--request-percentage', '25'], ['--user', user, '--default-client', '--consumer-byte-rate', '2048']]) {
      const r = await runCli(['quota', 'set', ...args, '--execute']);
      expect(r.code, r.stderr).toBe(0);
    }
    await expect.poll(async () => JSON.parse((await runCli(['quota', 'list', '--user', user, '-o', 'json'])).stdout), { timeout: 15_000 }).toEqual([
      { entity: { user }, quotas: { producer_byte_rate: 1024 } },
      { entity: { user, 'client-id': null }, quotas: { consumer_byte_rate: 2048 } },
      { entity: { user, 'client-id': 'app' }, quotas: { request_percentage: 25 } },
    ]);
  });

  it.skipIf(!requireTool('java-tools'))('what kafka-cli sets, Apache kafka-configs describes', async () => {
    const client = uniqueName('qa');
    const set = await runCli(['quota', 'set', '--client', client, '--consumer-byte-rate', '2097152', '--execute']);
    expect(set.code, set.stderr).toBe(0);
    await expect.poll(() => apacheClientQuotas(client), { timeout: 30_000, interval: 1000 }).toMatch(/consumer_byte_rate=2097152(\.0)?/);
  });
});
