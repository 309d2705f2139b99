/** Habits users bring from Apache's tools, kcat and rpk, against the real broker. */
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli, uniqueName } from '../helpers/cli.js';
import { createTopic, withAdmin } from '../helpers/kafka.js';
import { commitOffsets, committed, topicWithMessages } from './group-helpers.js';
import { lines, send } from './tail-helpers.js';

describe('integration: accepted habits', () => {
  it('consume is tail', async () => {
    const t = uniqueName('consume');
    await createTopic(t, 1);
    await send(t, [{ value: 'a' }, { value: 'b' }]);
    const r = await runCli(['consume', t, '--from', 'beginning', '-e', '-o', 'value']);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stdout)).toEqual(['a', 'b']);
  });

  it('lag --group g (repeatable) beside positional groups', async () => {
    const t = uniqueName('lag-g');
    const [g1, g2] = [uniqueName('g1'), uniqueName('g2')];
    await topicWithMessages(t, [4]);
    await commitOffsets(g1, t, { 0: 1 });
    await commitOffsets(g2, t, { 0: 3 });
    const r = await runCli(['lag', '--group', g1, '-g', g2, '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const lag = Object.fromEntries((JSON.parse(r.stdout).groups as Array<{ group: string; totalLag: number }>).map((g) => [g.group, g.totalLag]));
    expect(lag).toEqual({ [g1]: 3, [g2]: 1 });
    const mixed = await runCli(['lag', g1, '--group', g2, '-o', 'json']);
    expect(JSON.parse(mixed.stdout).groups.map((g: { group: string }) => g.group).sort()).toEqual([g1, g2].sort());
  });

  it("group reset-offsets: --dry-run, Apache's --topic t:0,2, several topics and --all-topics", async () => {
    const [a, b] = [uniqueName('ra'), uniqueName('rb')];
    const g = uniqueName('rg');
    await topicWithMessages(a, [5, 5, 5]);
    await topicWithMessages(b, [5]);
    await commitOffsets(g, a, { 0: 1, 1: 1, 2: 1 });
    await commitOffsets(g, b, { 0: 2 });
    const dry = await runCli(['group', 'reset-offsets', g, '--topic', `${a}:0,2`, '--to-latest', '--dry-run', '-o', 'json']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout).partitions.map((p: { topic: string; partition: number; newOffset: string }) => `${p.partition}:${p.newOffset}`)).toEqual(['0:5', '2:5']);
    expect(dry.stderr).toMatch(/^Dry run: nothing changed/);
    expect(await committed(g, a)).toEqual({ 0: '1', 1: '1', 2: '1' });
    expect((await runCli(['group', 'reset-offsets', g, '--topic', a, '--to-latest', '--dry-run', '--execute'])).code).toBe(2);
    const exec = await runCli(['group', 'reset-offsets', g, '--all-topics', '--to-earliest', '--execute', '-o', 'json']);
    expect(exec.code, exec.stderr).toBe(0);
    expect(JSON.parse(exec.stdout).partitions.map((p: { topic: string; partition: number }) => `${p.topic}:${p.partition}`).sort()).toEqual([`${a}:0`, `${a}:1`, `${a}:2`, `${b}:0`].sort());
    expect(await committed(g, a)).toEqual({ 0: '0', 1: '0', 2: '0' });
    expect(await committed(g, b)).toEqual({ 0: '0' });
    // A missing topic among several fails before anything is committed.
    const missing = await runCli(['group', 'reset-offsets', g, '--topic', a, '--topic', uniqueName('nope'), '--to-latest', '--execute']);
    expect(missing.code).toBe(1);
    expect(await committed(g, a)).toEqual({ 0: '0', 1: '0', 2: '0' });
  });

  it('topic describe a b c', async () => {
    const [a, b] = [uniqueName('da'), uniqueName('db')];
    await createTopic(a, 1);
    await createTopic(b, 2);
    const json = await runCli(['topic', 'describe', a, b, '-o', 'json']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).map((d: { name: string; partitions: number }) => [d.name, d.partitions])).toEqual([[a, 1], [b, 2]]);
    const one = await runCli(['topic', 'describe', a, '-o', 'json']);
    expect(JSON.parse(one.stdout).name).toBe(a);
    const table = await runCli(['topic', 'describe', a, b]);
    expect(table.stdout).toContain(`Topic ${a}:`);
    expect(table.stdout).toContain(`Topic ${b}:`);
  });

  it('topic config --add-config k=v,k2=v2 with units, --delete-config k; topic create --config with units', async () => {
    const t = uniqueName('cfg');
    const created = await runCli(['topic', 'create', t, '-p', '1', '--config', 'retention.ms=2d']);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toBe('kafka-cli: retention.ms=2d is sent as retention.ms=172800000\n');
    const add = await runCli(['topic', 'config', t, '--add-config', 'retention.ms=3d,segment.bytes=256MiB,cleanup.policy=[compact,delete]', '-o', 'json']);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stderr.split('\n')[0]).toBe('kafka-cli: retention.ms=3d is sent as retention.ms=259200000');
    const configs = async () => Object.fromEntries((await withAdmin((ad) => ad.describeConfigs({ resources: [{ type: 2, name: t }], includeSynonyms: false }))).resources[0]!.configEntries.map((c) => [c.configName, c.configValue]));
    expect(await configs()).toMatchObject({ 'retention.ms': '259200000', 'segment.bytes': '268435456', 'cleanup.policy': 'compact,delete' });
    const del = await runCli(['topic', 'config', t, '--delete-config', 'segment.bytes,retention.ms']);
    expect(del.code, del.stderr).toBe(0);
    const after = await configs();
    expect(after['segment.bytes']).not.toBe('268435456');
    expect(after['retention.ms']).not.toBe('259200000');
    expect(after['cleanup.policy']).toBe('compact,delete');
  });
});

describe('integration: hinted habits (one line, exit 2)', () => {
  it.each([
    [['tail', 'x', '--from-beginning'], /^kafka-cli: --from-beginning is kafka-console-consumer's: here it is --from beginning/],
    [['--bootstrap-server', '127.0.0.1:9092', 'topic', 'list'], /^kafka-cli: use -b\/--brokers/],
    [['tail', 'x', '-J'], /^kafka-cli: kcat's -J is -o json here/],
    [['tail', 'x', '-o', 'beginning'], /^kafka-cli: -o is the output format here .* kcat's -o beginning is --from beginning/],
    [['produce', 'x', 'hello'], /^kafka-cli: produce takes one topic; the message goes in --value \(kafka-cli produce x --value hello\)/],
    [['tail', 'x', '-f'], /^kafka-cli: tail follows new messages by default/],
    [['-C', '-t', 'x', '-e'], /^kafka-cli: kcat's -C is the tail command here, the topic its argument: kafka-cli tail x /],
    [['-P', '-t', 'x'], /^kafka-cli: kcat's -P is the produce command here, the topic its argument: kafka-cli produce x /],
    [['-L'], /^kafka-cli: kcat's -L is kafka-cli cluster \(brokers, controllers\) and kafka-cli topic describe <topic>/],
    [['tail', '-t', 'x'], /^kafka-cli: kcat's -t: the topic is an argument here, not a flag: kafka-cli tail x$/m],
  ])('%j', async (argv, re) => {
    const r = await spawnCli(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(re);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });
});

describe('integration: names suggested (exit 1 as before)', () => {
  it("a misspelt topic gets \"did you mean\" in tail, produce, topic describe and lag --topic; a far one gets none", async () => {
    const base = uniqueName('dym');
    const topic = `${base}-orders`;
    await createTopic(topic, 1);
    const typo = `${base}-ordres`;
    const want = `kafka-cli: topic '${typo}' does not exist (did you mean '${topic}'?)\n`;
    for (const argv of [['tail', typo, '-e'], ['produce', typo, '--value', 'x'], ['topic', 'describe', typo], ['topic', 'config', typo]]) {
      const r = await runCli(argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr, argv.join(' ')).toBe(want);
    }
    const far = await runCli(['tail', uniqueName('nothing-like-it'), '-e']);
    expect(far.code).toBe(1);
    expect(far.stderr).toMatch(/^kafka-cli: topic '[^']+' does not exist\n$/);
    const g = `${base}-billing`;
    await commitOffsets(g, topic, { 0: 0 });
    const lagTopic = await runCli(['lag', g, '--topic', typo]);
    expect(lagTopic.stderr).toBe(want);
  });

  it('a misspelt group gets "did you mean" in lag, group describe and group delete', async () => {
    const base = uniqueName('dymg');
    const t = `${base}-t`;
    await createTopic(t, 1);
    const g = `${base}-billing`;
    await commitOffsets(g, t, { 0: 0 });
    const typo = `${base}-biling`;
    for (const argv of [['lag', typo], ['group', 'describe', typo]]) {
      const r = await runCli(argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr, argv.join(' ')).toBe(`kafka-cli: group '${typo}' not found (did you mean '${g}'?)\n`);
    }
    const del = await runCli(['group', 'delete', typo, '--yes']);
    expect(del.code).toBe(1);
    expect(del.stderr).toBe(`kafka-cli: could not delete group '${typo}': not found (did you mean '${g}'?)\n`);
    expect(await committed(g, t)).toEqual({ 0: '0' });
  });
});
