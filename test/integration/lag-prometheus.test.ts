import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli, uniqueName } from '../helpers/cli.js';
import { requireTool } from '../helpers/require-tool.js';
import { commitOffsets, topicWithMessages } from './group-helpers.js';


/** `name{labels} value` lines as a map from `name{labels}` to the value text (comments left out). */
function samples(text: string): Map<string, string> {
  return new Map(text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => [l.slice(0, l.lastIndexOf(' ')), l.slice(l.lastIndexOf(' ') + 1)]));
}

/** A group 4 behind on partition 0 and never committed on partition 1, and its `lag --time -o prometheus`. */
async function laggingGroupMetrics() {
  const topic = uniqueName('lag-prom');
  const group = uniqueName('g');
  await topicWithMessages(topic, [10, 20]);
  await commitOffsets(group, topic, { 0: 4 });
  const r = await runCli(['lag', group, '--time', '-o', 'prometheus']);
  return { topic, group, r };
}

describe('integration: lag -o prometheus', () => {
  it('writes per-partition and per-group gauges of a real group', async () => {
    const { topic, group, r } = await laggingGroupMetrics();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const s = samples(r.stdout);
    const pl = (p: number) => `{group="${group}",type="classic",topic="${topic}",partition="${p}"}`;
    expect(s.get(`kafka_cli_consumergroup_lag${pl(0)}`)).toBe('6');
    expect(s.has(`kafka_cli_consumergroup_lag${pl(1)}`)).toBe(false); // no committed offset: no made-up lag
    expect(s.get(`kafka_cli_consumergroup_log_end_offset${pl(1)}`)).toBe('20');
    expect(s.get(`kafka_cli_consumergroup_committed_offset${pl(0)}`)).toBe('4');
    expect(Number(s.get(`kafka_cli_consumergroup_lag_seconds${pl(0)}`))).toBeGreaterThanOrEqual(0);
    expect(s.get(`kafka_cli_consumergroup_group_lag{group="${group}",type="classic"}`)).toBe('6');
    expect(s.get(`kafka_cli_consumergroup_members{group="${group}",type="classic"}`)).toBe('0');
  });

  it.skipIf(!requireTool('promtool'))('the metrics pass promtool check metrics', async () => {
    const { r } = await laggingGroupMetrics();
    expect(r.code).toBe(0);
    const check = spawnSync('promtool', ['check', 'metrics'], { input: r.stdout, encoding: 'utf8' });
    expect(check.stdout + check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('--max-lag still exits 3 after writing the metrics; --watch is refused', async () => {
    const topic = uniqueName('lag-prom');
    const group = uniqueName('g');
    await topicWithMessages(topic, [10]);
    await commitOffsets(group, topic, { 0: 1 });
    const r = await runCli(['lag', group, '-o', 'prometheus', '--max-lag', '5']);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(`kafka_cli_consumergroup_group_lag{group="${group}",type="classic"} 9\n`);
    expect(r.stderr).toMatch(/^kafka-cli: lag over the limit/);
    const w = await runCli(['lag', group, '-o', 'prometheus', '--watch']);
    expect(w.code).toBe(2);
    expect(w.stderr).toBe('kafka-cli: -o prometheus writes one snapshot: it cannot be combined with --watch (run it from cron)\n');
    const bad = await runCli(['lag', group, '-o', 'xml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("kafka-cli: invalid --output 'xml': expected table, json or prometheus\n");
  });
});
