import { describe, expect, it } from 'vitest';
import { runCli, uniqueName } from '../helpers/cli.js';
import { createTopic } from '../helpers/kafka.js';
import { follow, lines, parseJsonLines, send } from './tail-helpers.js';

describe('integration: tail of several topics', () => {
  it('reads every named topic; text lines show topic/partition/offset, JSON has the topic', async () => {
    const a = uniqueName('multi-a');
    const b = uniqueName('multi-b');
    await createTopic(a, 2);
    await createTopic(b, 1);
    await send(a, [{ key: 'k1', value: 'a1' }, { key: 'k2', value: 'a2' }]);
    await send(b, [{ key: 'k1', value: 'b1' }]);

    const text = await runCli(['tail', a, b, '--from', 'beginning', '-e']);
    expect(text.code).toBe(0);
    const ls = lines(text.stdout);
    expect(ls).toHaveLength(3);
    expect(ls.filter((l) => l.includes(`  ${b}/0/0  k1  b1`))).toHaveLength(1);
    expect(ls.filter((l) => new RegExp(`  ${a}/[01]/[01]  k[12]  a[12]$`).test(l))).toHaveLength(2);

    const json = await runCli(['tail', a, b, '--from', 'beginning', '-e', '-o', 'json', '--key', 'k1']);
    expect(json.code).toBe(0);
    expect(parseJsonLines(json.stdout).map((e) => `${e.topic as string}:${e.value as string}`).sort()).toEqual([`${a}:a1`, `${b}:b1`].sort());

    const counted = await runCli(['tail', a, b, '--from', 'beginning', '-e', '-o', 'value', '-c', '2']);
    expect(counted.code).toBe(0);
    expect(lines(counted.stdout)).toHaveLength(2);
  });

  it('--from -N and --until apply to each topic', async () => {
    const a = uniqueName('multi-n');
    const b = uniqueName('multi-n');
    await createTopic(a, 1);
    await createTopic(b, 1);
    await send(a, [{ value: 'a0' }, { value: 'a1' }, { value: 'a2' }]);
    await send(b, [{ value: 'b0' }, { value: 'b1' }]);
    const r = await runCli(['tail', a, b, '-n', '1', '-e', '-o', 'value']);
    expect(lines(r.stdout).sort()).toEqual(['a2', 'b1']);
    const u = await runCli(['tail', a, b, '--from', 'beginning', '--until', '1', '-o', 'value']);
    expect(u.code).toBe(0);
    expect(lines(u.stdout).sort()).toEqual(['a0', 'b0']);
  });

  it('--regex reads whole-name matches only, and says so when nothing matches', async () => {
    const prefix = uniqueName('rx');
    const a = `${prefix}.orders`;
    const b = `${prefix}.payments`;
    const other = `x${prefix}.orders`;
    for (const t of [a, b, other]) await createTopic(t, 1);
    await send(a, [{ value: 'a' }]);
    await send(b, [{ value: 'b' }]);
    await send(other, [{ value: 'other' }]);
    const r = await runCli(['tail', '--regex', `${prefix}\\..*`, '--from', 'beginning', '-e', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(parseJsonLines(r.stdout).map((e) => e.topic).sort()).toEqual([a, b]);

    const none = await runCli(['tail', '--regex', `${prefix}-nothing.*`, '-e']);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(`kafka-cli: no topic matches /${prefix}-nothing.*/\n`);
  });

  it('following, --regex picks up a matching topic created later and reads it from its beginning', async () => {
    const prefix = uniqueName('rxf');
    const first = `${prefix}-1`;
    await createTopic(first, 1);
    await send(first, [{ value: 'first' }]);
    const f = follow(['tail', '--regex', `${prefix}-.*`, '--from', 'beginning', '-o', 'value']);
    try {
      expect(await f.waitLines(1)).toEqual(['first']);
      const second = `${prefix}-2`;
      await createTopic(second, 1);
      await send(second, [{ value: 'second-0' }, { value: 'second-1' }]);
      const t0 = Date.now();
      expect(await f.waitLines(3, 15_000)).toEqual(['first', 'second-0', 'second-1']);
      expect(Date.now() - t0).toBeLessThan(10_000);
      await send(first, [{ value: 'first-again' }]);
      expect(await f.waitLines(4)).toContain('first-again');
    } finally {
      f.child.kill('SIGINT');
    }
    expect((await f.exited).code).toBe(0);
    expect(f.err()).toBe('');
  });

  it('--group reads several topics as one member and commits what it printed in each', async () => {
    const a = uniqueName('multi-g');
    const b = uniqueName('multi-g');
    const group = uniqueName('g');
    await createTopic(a, 2);
    await createTopic(b, 1);
    await send(a, [{ value: 'a1', partition: 0 }, { value: 'a2', partition: 1 }]);
    await send(b, [{ value: 'b1' }]);
    const r = await runCli(['tail', a, b, '--group', group, '--from', 'beginning', '-e', '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(parseJsonLines(r.stdout).map((e) => `${e.topic as string}:${e.value as string}`).sort()).toEqual([`${a}:a1`, `${a}:a2`, `${b}:b1`].sort());
    // Committed: the group's lag is 0 on both topics.
    const lag = JSON.parse((await runCli(['lag', group, '-o', 'json'])).stdout) as { groups: Array<{ totalLag: number; topics: Array<{ topic: string }> }> };
    expect(lag.groups[0]!.totalLag).toBe(0);
    expect(lag.groups[0]!.topics.map((t) => t.topic).sort()).toEqual([a, b].sort());
  });

  it('no topic at all, or a bad --regex, are usage errors', async () => {
    const none = await runCli(['tail']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^kafka-cli: missing topic: name one or more topics, or use --regex/);
    const bad = await runCli(['tail', '--regex', '(']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^kafka-cli: invalid --regex '\(': /);
  });
});
