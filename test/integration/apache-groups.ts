/** Apache's kafka-consumer-groups and kafka-share-groups output, and kafka-cli's JSON, as comparable rows. */
import { expect } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testBroker } from '../helpers/broker-info.js';
import { apacheTool as java } from '../helpers/apache.js';

export interface Row {
  group: string;
  topic: string;
  partition: number;
  current: string;
  logEnd: string;
  lag: string;
  consumerId: string;
  host: string;
  clientId: string;
}

/** Rows of `ConsumerGroupCommand --describe` (GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID). */
export async function apacheDescribe(groups: string[]): Promise<Row[]> {
  const args = ['--bootstrap-server', testBroker().bootstrap, '--describe', ...groups.flatMap((g) => ['--group', g])];
  const r = await java('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', args);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((c) => c.length === 9 && groups.includes(c[0]!))
    .map(([group, topic, partition, current, logEnd, lag, consumerId, host, clientId]) => ({
      group: group!, topic: topic!, partition: Number(partition), current: current!, logEnd: logEnd!, lag: lag!, consumerId: consumerId!, host: host!, clientId: clientId!,
    }));
}

/** kafka-cli's JSON flattened to the same rows. */
export async function ours(groups: string[]): Promise<Row[]> {
  const r = await runCli(['lag', ...groups, '-o', 'json']);
  expect(r.code, r.stderr).toBe(0);
  const data = JSON.parse(r.stdout) as {
    groups: Array<{ group: string; topics: Array<{ topic: string; partitions: Array<{ partition: number; committedOffset: string | null; logEndOffset: string | null; lag: number | null; consumer: { memberId: string; clientId: string; host: string } | null }> }> }>;
  };
  return data.groups.flatMap((g) =>
    g.topics.flatMap((t) =>
      t.partitions.map((p) => ({
        group: g.group, topic: t.topic, partition: p.partition,
        current: p.committedOffset ?? '-', logEnd: p.logEndOffset ?? '-', lag: p.lag === null ? '-' : String(p.lag),
        consumerId: p.consumer?.memberId ?? '-', host: p.consumer?.host ?? '-', clientId: p.consumer?.clientId ?? '-',
      })),
    ),
  );
}

export const key = (r: Row) => `${r.group} ${r.topic} ${r.partition}`;
export const sortRows = (rows: Row[]) => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : 1));


const CGC = 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand';
const SGC = 'org.apache.kafka.tools.consumer.group.ShareGroupCommand';

/** The whitespace-split lines of an Apache tool's table that start with the group. */
async function apacheTable(mainClass: string, group: string, extra: string[]): Promise<string[][]> {
  const r = await java(mainClass, ['--bootstrap-server', testBroker().bootstrap, '--describe', '--group', group, ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.split('\n').map((l) => l.trim().split(/\s+/)).filter((c) => c[0] === group);
}

/** `--describe --state`: STATE and #MEMBERS (the last two columns). */
export async function apacheState(group: string, share = false): Promise<{ state: string; members: number }> {
  const [row] = await apacheTable(share ? SGC : CGC, group, ['--state']);
  expect(row, `no --state row for ${group}`).toBeDefined();
  return { state: row!.at(-2)!, members: Number(row!.at(-1)) };
}

/** `--describe --members`: CONSUMER-ID, HOST, CLIENT-ID, #PARTITIONS of each member, sorted by id. */
export async function apacheMembers(group: string, share = false): Promise<Array<{ memberId: string; host: string; clientId: string; partitions: number }>> {
  const rows = await apacheTable(share ? SGC : CGC, group, ['--members']);
  return rows.map((c) => ({ memberId: c[1]!, host: c[2]!, clientId: c[3]!, partitions: Number(c[4]) })).sort((a, b) => (a.memberId < b.memberId ? -1 : 1));
}

/** kafka-cli's members of a group, in the same shape. */
export async function ourMembers(group: string): Promise<Array<{ memberId: string; host: string; clientId: string; partitions: number }>> {
  const r = await runCli(['lag', group, '-o', 'json']);
  expect(r.code, r.stderr).toBe(0);
  const g = (JSON.parse(r.stdout) as { groups: Array<{ memberList: Array<{ memberId: string; host: string; clientId: string; assignment: unknown[] }> }> }).groups[0]!;
  return g.memberList.map((m) => ({ memberId: m.memberId, host: m.host, clientId: m.clientId, partitions: m.assignment.length })).sort((a, b) => (a.memberId < b.memberId ? -1 : 1));
}

export interface ShareRow {
  topic: string;
  partition: number;
  start: string;
  lag: string;
}

/** `kafka-share-groups --describe` rows (GROUP TOPIC PARTITION START-OFFSET LAG; '-' where none). */
export async function apacheShareDescribe(group: string): Promise<ShareRow[]> {
  const rows = await apacheTable(SGC, group, []);
  return rows.filter((c) => c.length >= 5).map((c) => ({ topic: c[1]!, partition: Number(c[2]), start: c.at(-2)!, lag: c.at(-1)! })).sort((a, b) => a.partition - b.partition);
}

/** kafka-cli's share-group partitions, in the same shape. */
export async function ourShareRows(group: string): Promise<ShareRow[]> {
  const r = await runCli(['lag', group, '-o', 'json']);
  expect(r.code, r.stderr).toBe(0);
  const g = (JSON.parse(r.stdout) as { groups: Array<{ type: string; topics: Array<{ topic: string; partitions: Array<{ partition: number; committedOffset: string | null; lag: number | null }> }> }> }).groups[0]!;
  expect(g.type).toBe('share');
  return g.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.topic, partition: p.partition, start: p.committedOffset ?? '-', lag: p.lag === null ? '-' : String(p.lag) }))).sort((a, b) => a.partition - b.partition);
}

/** Group ids `--list` prints (kafka-share-groups when share). */
export async function apacheList(share = false): Promise<string[]> {
  const r = await java(share ? SGC : CGC, ['--bootstrap-server', testBroker().bootstrap, '--list']);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
}

export interface MemberEpochs {
  memberId: string;
  epoch: number;
  targetEpoch?: number;
  /** `topic:partition`, sorted. */
  target?: string[];
}

/** Apache's `t:3,4,5` (topics joined by `;` or `,` before the next `name:`) as sorted `topic:partition`. */
const apacheTps = (cell: string): string[] =>
  cell === '-' ? [] : cell.split(/;|,(?=[^,:]+:)/).flatMap((t) => { const i = t.lastIndexOf(':'); return t.slice(i + 1).split(',').filter(Boolean).map((p) => `${t.slice(0, i)}:${p}`); }).sort();

/** `--describe --members --verbose`: each member's epoch (CURRENT-EPOCH / MEMBER-EPOCH) and, for consumer groups, TARGET-EPOCH and TARGET-ASSIGNMENT, by header. */
export async function apacheMemberEpochs(group: string, share = false): Promise<MemberEpochs[]> {
  const r = await java(share ? SGC : CGC, ['--bootstrap-server', testBroker().bootstrap, '--describe', '--group', group, '--members', '--verbose']);
  expect(r.code, r.stderr).toBe(0);
  const lines = r.stdout.split('\n').map((l) => l.trim().split(/\s+/));
  const header = lines.find((c) => c[0] === 'GROUP')!;
  const col = (row: string[], name: RegExp) => { const i = header.findIndex((h) => name.test(h)); return i < 0 ? undefined : row[i]; };
  return lines.filter((c) => c[0] === group).map((c) => ({
    memberId: c[1]!,
    epoch: Number(col(c, /^(CURRENT|MEMBER)-EPOCH$/)),
    ...(share ? {} : { targetEpoch: Number(col(c, /^TARGET-EPOCH$/)), target: apacheTps(col(c, /^TARGET-ASSIGNMENT$/)!) }),
  })).sort((a, b) => (a.memberId < b.memberId ? -1 : 1));
}

/** kafka-cli's member epochs (JSON), in the same shape. */
export async function ourMemberEpochs(group: string, share = false): Promise<MemberEpochs[]> {
  const r = await runCli(['lag', group, '--members', '-o', 'json']);
  expect(r.code, r.stderr).toBe(0);
  type M = { memberId: string; memberEpoch: number; targetAssignmentEpoch?: number; targetAssignment?: Array<{ topic: string; partition: number }> };
  const g = (JSON.parse(r.stdout) as { groups: Array<{ memberList: M[] }> }).groups[0]!;
  return g.memberList.map((m) => ({
    memberId: m.memberId,
    epoch: m.memberEpoch,
    ...(share ? {} : { targetEpoch: m.targetAssignmentEpoch, target: (m.targetAssignment ?? []).map((t) => `${t.topic}:${t.partition}`).sort() }),
  })).sort((a, b) => (a.memberId < b.memberId ? -1 : 1));
}
