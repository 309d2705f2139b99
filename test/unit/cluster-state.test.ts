/** The pure side of export/plan/apply: the diff, the scope of --match, and the checks of the cluster file. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planChanges, scopeState, sortState, type ClusterState } from '../../src/core/cluster-state.js';
import { parseClusterFile, clusterFileText } from '../../src/commands/state/file.js';
import { CLUSTER_SCHEMA } from '../../src/commands/state/schema.js';
import { UsageError } from '../../src/core/errors.js';
import { ROOT } from '../helpers/cli.js';

const topic = (name: string, partitions = 3, replicationFactor = 1, configs: Record<string, string> = {}) => ({ name, partitions, replicationFactor, configs });
const acl = { principal: 'User:a', host: '*', operation: 'read', permission: 'allow', resourceType: 'topic', resourceName: 'x', patternType: 'literal' };

describe('planChanges', () => {
  it('finds nothing to do when the file is the cluster', () => {
    const s: ClusterState = { topics: [topic('a', 3, 1, { 'retention.ms': '1' })], acls: [acl], users: ['u'] };
    expect(planChanges(s, structuredClone(s), { prune: true })).toEqual({ changes: [], refused: [], unmanaged: 0 });
  });

  it('names a changed config, a reset one and more partitions', () => {
    const p = planChanges({ topics: [topic('a', 4, 1, { 'retention.ms': '2' })] }, { topics: [topic('a', 3, 1, { 'retention.ms': '1', 'segment.ms': '9' })] }, { prune: false });
    expect(p.changes).toEqual([
      { op: '~', kind: 'topic', name: 'a', field: 'partitions', from: '3', to: '4' },
      { op: '~', kind: 'topic', name: 'a', field: 'retention.ms', from: '1', to: '2' },
      { op: '~', kind: 'topic', name: 'a', field: 'segment.ms', from: '9', to: null },
    ]);
    expect(p.refused).toEqual([]);
  });

  it('refuses fewer partitions and another replication factor', () => {
    const p = planChanges({ topics: [topic('a', 1, 3)] }, { topics: [topic('a', 2, 1)] }, { prune: false });
    expect(p.changes).toEqual([]);
    expect(p.refused.map((r) => r.reason)).toEqual([expect.stringMatching(/from 2 to 1 partitions/), expect.stringMatching(/replication factor 1 → 3 needs a reassignment/)]);
  });

  it('deletes only with prune, and counts what it leaves alone', () => {
    const want: ClusterState = { topics: [topic('a')], acls: [], users: [] };
    const have: ClusterState = { topics: [topic('a'), topic('b')], acls: [acl], users: ['u'] };
    expect(planChanges(want, have, { prune: false })).toEqual({ changes: [], refused: [], unmanaged: 3 });
    expect(planChanges(want, have, { prune: true }).changes.map((c) => `${c.op} ${c.kind} ${c.name}`)).toEqual(['- topic b', '- acl allow User:a read topic:literal:x host *', '- user u']);
  });

  it('creates topics with their configs and ACLs, refuses users (no password), and leaves absent sections alone', () => {
    const p = planChanges({ topics: [topic('n', 2, 1, { 'cleanup.policy': 'compact' })], acls: [acl], users: ['new'] }, { topics: [], acls: [], users: [] }, { prune: true });
    expect(p.changes.map((c) => [c.op, c.name, c.field, c.to])).toEqual([
      ['+', 'n', null, '2 partitions, replication 1'],
      ['+', 'n', 'cleanup.policy', 'compact'],
      ['+', 'allow User:a read topic:literal:x host *', null, null],
    ]);
    expect(p.refused).toEqual([{ kind: 'user', name: 'new', reason: expect.stringMatching(/no password/) }]);
    expect(planChanges({}, { topics: [topic('x')], users: ['u'] }, { prune: true }).changes).toEqual([]);
  });
});

describe('scopeState and sortState', () => {
  it('--match keeps matching topics and the ACLs on them, and drops users', () => {
    const s: ClusterState = { topics: [topic('p.a'), topic('q')], acls: [acl, { ...acl, resourceName: 'p.b' }, { ...acl, resourceType: 'group', resourceName: 'p.g' }], users: ['u'] };
    expect(scopeState(s, /^p\./)).toEqual({ topics: [topic('p.a')], acls: [{ ...acl, resourceName: 'p.b' }] });
  });

  it('sorts topics, configs, ACLs and users', () => {
    const s = sortState({ topics: [topic('b', 1, 1, { z: '1', a: '2' }), topic('a')], users: ['z', 'a'] });
    expect(s.topics!.map((t) => t.name)).toEqual(['a', 'b']);
    expect(Object.keys(s.topics![1]!.configs)).toEqual(['a', 'z']);
    expect(s.users).toEqual(['a', 'z']);
  });
});

describe('the cluster file', () => {
  const bad = (text: string) => {
    try {
      parseClusterFile(text, 'c.yaml');
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      return (e as Error).message;
    }
    throw new Error('accepted');
  };

  it('reads what export writes, configs as strings', () => {
    const s: ClusterState = { topics: [topic('a', 3, 1, { 'retention.ms': '1000', 'cleanup.policy': 'compact' })], acls: [acl], users: ['u'] };
    expect(parseClusterFile(clusterFileText(s, 'test'), 'c.yaml')).toEqual(s);
    expect(parseClusterFile('topics:\n  - {name: a, partitions: 1, replicationFactor: 1, configs: {retention.ms: 1000, preallocate: true}}\n', 'c.yaml').topics![0]!.configs).toEqual({ 'retention.ms': '1000', preallocate: 'true' });
  });

  it('names the file, the path and the field of a bad file', () => {
    expect(bad('topics:\n  - {name: a, partitions: 0, replicationFactor: 1}\n')).toBe('c.yaml: /topics/0/partitions: must be >= 1');
    expect(bad('topics:\n  - {name: a, partitions: 1, replicationFactor: 1, partiton: 2}\n')).toBe("c.yaml: /topics/0: unknown field 'partiton'");
    expect(bad('topics:\n  - {name: a, replicationFactor: 1}\n')).toBe("c.yaml: /topics/0: must have required property 'partitions'");
    expect(bad('acls:\n  - {principal: "User:a", operation: reed, permission: allow, resourceType: topic, resourceName: x}\n')).toMatch(/^c\.yaml: \/acls\/0\/operation: must be one of all, read/);
    expect(bad('topics: [\n')).toMatch(/^c\.yaml: not valid YAML: /);
    expect(bad('topics:\n  - {name: a, partitions: 1, replicationFactor: 1}\n  - {name: a, partitions: 1, replicationFactor: 1}\n')).toBe("c.yaml: /topics/1/name: topic 'a' is listed twice");
  });

  it('ships docs/cluster.schema.json, the schema the file is checked with', () => {
    expect(JSON.parse(readFileSync(join(ROOT, 'docs', 'cluster.schema.json'), 'utf8'))).toEqual(CLUSTER_SCHEMA);
  });
});

describe('schemaRegistry compatibility', () => {
  const live: ClusterState = { schemaRegistry: { compatibility: 'BACKWARD', subjects: { 'a-value': 'FULL', 'b-value': 'NONE' } } };
  it('plans ~ for a changed level, + for a newly set one, - only with prune, and the global level', () => {
    const want: ClusterState = { schemaRegistry: { compatibility: 'FORWARD', subjects: { 'a-value': 'FULL', 'c-value': 'BACKWARD', 'b-value': 'FULL' } } };
    const p = planChanges(want, live, { prune: false });
    expect(p.changes).toEqual([
      { op: '~', kind: 'subject', name: '(global)', field: 'compatibility', from: 'BACKWARD', to: 'FORWARD' },
      { op: '~', kind: 'subject', name: 'b-value', field: 'compatibility', from: 'NONE', to: 'FULL' },
      { op: '+', kind: 'subject', name: 'c-value', field: 'compatibility', from: null, to: 'BACKWARD' },
    ]);
    const pruned = planChanges({ schemaRegistry: { subjects: { 'a-value': 'FULL' } } }, live, { prune: true });
    expect(pruned.changes).toEqual([{ op: '-', kind: 'subject', name: 'b-value', field: 'compatibility', from: 'NONE', to: null }]);
    const kept = planChanges({ schemaRegistry: { subjects: { 'a-value': 'FULL' } } }, live, { prune: false });
    expect([kept.changes, kept.unmanaged]).toEqual([[], 1]);
    expect(planChanges({ topics: [] }, live, { prune: true }).changes).toEqual([]);
  });
  it('--match keeps matching subjects and drops the global level; the file checks levels', () => {
    expect(scopeState(live, /^a/)).toEqual({ schemaRegistry: { subjects: { 'a-value': 'FULL' } } });
    expect(parseClusterFile('schemaRegistry:\n  subjects:\n    x: FULL\n', 'c.yaml').schemaRegistry).toEqual({ subjects: { x: 'FULL' } });
    expect(() => parseClusterFile('schemaRegistry:\n  subjects:\n    x: FUL\n', 'c.yaml')).toThrow(/c\.yaml: \/schemaRegistry\/subjects\/x: must be one of BACKWARD/);
  });
});

describe('client quotas', () => {
  const alice = { entity: { user: 'alice' }, values: { producer_byte_rate: 1048576, request_percentage: 50 } };
  const pair = { entity: { user: null, 'client-id': 'app' }, values: { consumer_byte_rate: 2097152 } };
  const ip = { entity: { ip: null }, values: { connection_creation_rate: 10 } };

  it('plans + for a new value, ~ for a changed one, - only with prune (counted as left alone without)', () => {
    const want: ClusterState = { quotas: [{ entity: { user: 'alice' }, values: { producer_byte_rate: 2097152, consumer_byte_rate: 1024 } }, pair] };
    const have: ClusterState = { quotas: [alice, ip] };
    const p = planChanges(want, have, { prune: false });
    expect(p.changes).toEqual([
      { op: '+', kind: 'quota', name: 'user=<default>,client-id=app', field: 'consumer_byte_rate', from: null, to: '2097152' },
      { op: '+', kind: 'quota', name: 'user=alice', field: 'consumer_byte_rate', from: null, to: '1024' },
      { op: '~', kind: 'quota', name: 'user=alice', field: 'producer_byte_rate', from: '1048576', to: '2097152' },
    ]);
    expect(p.unmanaged).toBe(2);
    expect(planChanges(want, have, { prune: true }).changes.filter((c) => c.op === '-')).toEqual([
      { op: '-', kind: 'quota', name: 'ip=<default>', field: 'connection_creation_rate', from: '10', to: null },
      { op: '-', kind: 'quota', name: 'user=alice', field: 'request_percentage', from: '50', to: null },
    ]);
  });

  it('finds nothing to do when the file is the cluster, whatever the order of entity parts; no quotas section manages none', () => {
    const have: ClusterState = { quotas: [alice, { entity: { 'client-id': 'app', user: null }, values: pair.values }, ip] };
    expect(planChanges({ quotas: [ip, pair, alice] }, have, { prune: true })).toEqual({ changes: [], refused: [], unmanaged: 0 });
    expect(planChanges({ topics: [] }, have, { prune: true }).changes).toEqual([]);
    expect(scopeState(have, /x/)).toEqual({});
  });

  it('the file writes an entity beside its values, <default> for the default entity, and reads it back', () => {
    const s: ClusterState = sortState({ quotas: [alice, ip, pair] });
    const text = clusterFileText(s, 'test');
    expect(text).toContain(
      'quotas:\n  - ip: <default>\n    connection_creation_rate: 10\n  - user: <default>\n    client-id: app\n    consumer_byte_rate: 2097152\n  - user: alice\n    producer_byte_rate: 1048576\n',
    );
    expect(parseClusterFile(text, 'c.yaml')).toEqual(s);
  });

  it('names a bad quota entry', () => {
    const bad = (entry: string) => {
      try {
        parseClusterFile(`quotas:\n  - ${entry}\n`, 'c.yaml');
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return (e as Error).message;
      }
      throw new Error('accepted');
    };
    expect(bad('{producer_byte_rate: 1}')).toMatch(/^c\.yaml: \/quotas\/0: name the entity: user, client-id or ip/);
    expect(bad('{user: a}')).toMatch(/^c\.yaml: \/quotas\/0: no quota value: producer_byte_rate/);
    expect(bad('{user: a, producer_bytes_rate: 1}')).toBe("c.yaml: /quotas/0: unknown field 'producer_bytes_rate'");
    expect(bad('{user: a, producer_byte_rate: 0}')).toBe('c.yaml: /quotas/0/producer_byte_rate: must be > 0');
    expect(bad('{user: a, producer_byte_rate: fast}')).toBe('c.yaml: /quotas/0/producer_byte_rate: must be number');
    expect(bad('{ip: 10.0.0.1, user: a, connection_creation_rate: 1}')).toBe('c.yaml: /quotas/0: an ip quota stands alone: not with user or client-id');
    expect(bad('{ip: 10.0.0.1, producer_byte_rate: 1}')).toBe('c.yaml: /quotas/0: an ip quota takes only connection_creation_rate, not producer_byte_rate');
    expect(bad('{user: a, connection_creation_rate: 1}')).toBe('c.yaml: /quotas/0: connection_creation_rate is a quota of an ip, not of a user or client-id');
    expect(bad('{user: a, producer_byte_rate: 1}\n  - {user: a, consumer_byte_rate: 1}')).toBe("c.yaml: /quotas/1: quota entity 'user=a' is listed twice");
  });
});
