/** Golden tests of the cluster admin verbs' views (no broker): exact table text and JSON shapes. */
import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import { deleteRecordsJson, deleteRecordsSummary, renderDeleteRecords } from '../../src/format/admin/delete-records.js';
import { deleteRecordsRow } from '../../src/kafka/admin/delete-records.js';
import { reassignPlanJson, reassignStatusJson, reassignSummary, renderReassignPlan, renderReassignStatus } from '../../src/format/admin/reassign.js';
import { reassignRows, spreadReplicas } from '../../src/kafka/admin/reassign.js';
import { aclsJson, renderAclTable } from '../../src/format/admin/acls.js';
import { sortAcls, type AclBinding } from '../../src/kafka/admin/acls.js';
import { aclBindings, aclFilters } from '../../src/commands/acl/options.js';
import { brokerConfigsJson, renderBrokerConfigChanges, renderBrokerConfigs } from '../../src/format/admin/broker-configs.js';
import { electionJson, electionSummary, renderElection } from '../../src/format/admin/elect-leaders.js';
import { outcomeOf } from '../../src/kafka/admin/elect-leaders.js';
import { renderScramUsers, scramUsersJson } from '../../src/format/admin/scram-users.js';
import { saltedPassword } from '../../src/kafka/admin/scram-users.js';
import { parseBefore } from '../../src/commands/topic/delete-records.js';
import { parseReplicaAssignments } from '../../src/commands/topic/reassign.js';
import { parseReference } from '../../src/commands/schema/schema-file.js';

const plain = new Chalk({ level: 0 });

describe('topic delete-records', () => {
  it('rows clamp the target to [low, high]; a time with no message after it deletes everything', () => {
    expect(deleteRecordsRow(0, 5n, 10n, 7n)).toEqual({ partition: 0, low: 5n, high: 10n, deleteBefore: 7n, deleted: 2n });
    expect(deleteRecordsRow(1, 5n, 10n, 99n)).toMatchObject({ deleteBefore: 10n, deleted: 5n });
    expect(deleteRecordsRow(2, 5n, 10n, 1n)).toMatchObject({ deleteBefore: 5n, deleted: 0n });
    expect(deleteRecordsRow(3, 5n, 10n, null)).toMatchObject({ deleteBefore: 10n, deleted: 5n });
  });
  const plan = { topic: 't', executed: false, partitions: [deleteRecordsRow(0, 0n, 9007199254740993n, 9007199254740990n)] };
  it('plan table, summary and JSON (int64 exact)', () => {
    expect(renderDeleteRecords(plan, plain)).toBe('PARTITION  LOW  HIGH              DELETE-BEFORE     TO-DELETE\n0          0    9007199254740993  9007199254740990  9007199254740990\n');
    expect(deleteRecordsSummary(plan)).toBe("plan only: would delete 9007199254740990 messages from 't'; run again with --execute to delete them\n");
    expect(deleteRecordsJson(plan)).toEqual({
      topic: 't',
      executed: false,
      partitions: [{ partition: 0, lowWatermark: '0', highWatermark: '9007199254740993', deleteBefore: '9007199254740990', deleted: 9007199254740990n, newLowWatermark: null }],
    });
  });
  it('executed table', () => {
    const done = { topic: 't', executed: true, partitions: [{ ...deleteRecordsRow(0, 0n, 10n, 1n), newLow: 1n }] };
    expect(renderDeleteRecords(done, plain)).toBe('PARTITION  OLD-LOW  NEW-LOW  HIGH  DELETED\n0          0        1        10    1\n');
    expect(deleteRecordsSummary(done)).toBe("deleted 1 message from 't'\n");
  });
  it('--before: offset, @epoch-ms, ISO, time ago; anything else is exit 2', () => {
    expect(parseBefore('1000')).toEqual({ kind: 'offset', offset: 1000n });
    expect(parseBefore('@1767225600000')).toEqual({ kind: 'time', ms: 1767225600000 });
    expect(parseBefore('2026-01-01T00:00:00Z')).toEqual({ kind: 'time', ms: Date.parse('2026-01-01T00:00:00Z') });
    expect(parseBefore('2d', 10 * 86_400_000)).toEqual({ kind: 'time', ms: 8 * 86_400_000 });
    expect(() => parseBefore('soon')).toThrow(/invalid --before 'soon'/);
    expect(() => parseBefore('99999999999999999999')).toThrow(/larger than int64/);
    expect(() => parseBefore('@99999999999999999999')).toThrow(/^invalid --before '@99999999999999999999': @<ms> takes milliseconds since 1970/);
  });
  it('integers inside other flags go through the one integer parser (exact, bounded, naming the flag)', () => {
    expect(() => parseReplicaAssignments(['99999999999999999999:1,2'])).toThrow("invalid --replicas '99999999999999999999': expected an integer from 0 to 2147483647");
    expect(parseReference('common=common-value:3')).toEqual({ name: 'common', subject: 'common-value', version: 3 });
    expect(() => parseReference('common=common-value:0')).toThrow("invalid --reference 'common=common-value:0': expected a version from 1 to 2147483647");
    expect(() => parseReference('common')).toThrow("invalid --reference 'common': expected name=subject:version");
  });
});

describe('topic reassign', () => {
  const parts = [
    { partition: 0, leader: 1, replicas: [1, 2], isr: [1, 2], offlineReplicas: [] },
    { partition: 1, leader: 2, replicas: [2, 3], isr: [2, 3], offlineReplicas: [] },
    { partition: 2, leader: 3, replicas: [3, 1], isr: [3, 1], offlineReplicas: [] },
  ];
  it('--broker-list rotates the brokers per partition, keeping the replication factor', () => {
    expect([...spreadReplicas(parts, [4, 5, 6]).values()]).toEqual([[4, 5], [5, 6], [6, 4]]);
    expect(() => spreadReplicas(parts, [4])).toThrow('partition 0 has 2 replicas but --broker-list names only 1 broker');
  });
  it('rows, unknown partitions and brokers', () => {
    const rows = reassignRows(parts, { kind: 'replicas', assignments: new Map([[0, [2, 1]], [1, [2, 3]]]) }, [1, 2, 3]);
    expect(rows).toEqual([
      { partition: 0, current: [1, 2], target: [2, 1], changes: true },
      { partition: 1, current: [2, 3], target: [2, 3], changes: false },
    ]);
    expect(() => reassignRows(parts, { kind: 'replicas', assignments: new Map([[7, [1]]]) }, [1, 2, 3])).toThrow('the topic has no partition 7 (it has 3)');
    expect(() => reassignRows(parts, { kind: 'replicas', assignments: new Map([[0, [1, 9, 8]]]) }, [1, 2, 3])).toThrow('no broker 8, 9 in the cluster (brokers: 1, 2, 3)');
    const plan = { topic: 't', executed: false, partitions: rows, throttle: null };
    expect(renderReassignPlan(plan, plain)).toBe('PARTITION  CURRENT  TARGET  CHANGE\n0          1,2      2,1     move\n1          2,3      2,3     none\n');
    expect(reassignSummary(plan)).toBe("plan only: 1 partition of 't' would move; run again with --execute to start\n");
    expect(reassignSummary({ ...plan, executed: true })).toBe("reassignment of 1 partition of 't' started; follow it with: kafka-cli topic reassign t --status\n");
    expect(reassignSummary({ ...plan, executed: true, throttle: 1000 })).toBe("reassignment of 1 partition of 't' started with a replication throttle of 1000 B/s (removed by --status once done); follow it with: kafka-cli topic reassign t --status\n");
    expect(reassignPlanJson(plan)).toEqual({ topic: 't', executed: false, throttle: null, partitions: [{ partition: 0, currentReplicas: [1, 2], targetReplicas: [2, 1], changes: true }, { partition: 1, currentReplicas: [2, 3], targetReplicas: [2, 3], changes: false }] });
  });
  it('status table and JSON', () => {
    const rows = [{ partition: 0, replicas: [1, 2, 3], isr: [1, 2], leader: 1, adding: [3], removing: [4], inProgress: true }];
    expect(renderReassignStatus(rows, plain)).toBe('PARTITION  LEADER  REPLICAS  ISR  ADDING  REMOVING  STATE\n0          1       1,2,3     1,2  3       4         in progress\n');
    expect(reassignStatusJson('t', rows)).toEqual({ topic: 't', inProgress: true, partitions: [{ partition: 0, leader: 1, replicas: [1, 2, 3], isr: [1, 2], addingReplicas: [3], removingReplicas: [4], inProgress: true }] });
  });
  it('--replicas parsing', () => {
    expect([...parseReplicaAssignments(['0:1,2,3', '1:2,3 2:3,1'])]).toEqual([[0, [1, 2, 3]], [1, [2, 3]], [2, [3, 1]]]);
    expect(() => parseReplicaAssignments(['0-1,2'])).toThrow("invalid --replicas '0-1,2': expected partition:broker,broker,... like 0:1,2,3");
    expect(() => parseReplicaAssignments(['0:1', '0:2'])).toThrow('partition 0 is given twice');
  });
});

describe('acl', () => {
  const acls: AclBinding[] = [
    { principal: 'User:bob', host: '*', operation: 'write', permission: 'deny', resourceType: 'topic', resourceName: 'orders', patternType: 'literal' },
    { principal: 'User:alice', host: '*', operation: 'read', permission: 'allow', resourceType: 'topic', resourceName: 'orders', patternType: 'literal' },
    { principal: 'User:alice', host: '10.0.0.1', operation: 'all', permission: 'allow', resourceType: 'group', resourceName: 'app-', patternType: 'prefixed' },
  ];
  it('table and JSON, sorted by resource then principal', () => {
    const sorted = sortAcls(acls);
    expect(renderAclTable(sorted, plain)).toBe(
      'PRINCIPAL   HOST      OPERATION  PERMISSION  RESOURCE  NAME    PATTERN\n' +
        'User:alice  10.0.0.1  all        allow       group     app-    prefixed\n' +
        'User:alice  *         read       allow       topic     orders  literal\n' +
        'User:bob    *         write      deny        topic     orders  literal\n',
    );
    expect(aclsJson(sorted)).toEqual(sorted.map((a) => ({ ...a })));
    expect(Object.keys((aclsJson(sorted) as object[])[0]!)).toEqual(['principal', 'host', 'operation', 'permission', 'resourceType', 'resourceName', 'patternType']);
  });
  it('flags: create needs a principal, operations and one resource; filters default to any', () => {
    expect(aclBindings({ principal: 'User:a', operation: ['read', 'DESCRIBE'], topic: 't' })).toEqual([
      { principal: 'User:a', host: '*', operation: 'read', permission: 'allow', resourceType: 'topic', resourceName: 't', patternType: 'literal' },
      { principal: 'User:a', host: '*', operation: 'describe', permission: 'allow', resourceType: 'topic', resourceName: 't', patternType: 'literal' },
    ]);
    expect(aclBindings({ principal: 'User:a', operation: ['idempotent_write'], cluster: true })[0]).toMatchObject({ operation: 'idempotent-write', resourceType: 'cluster', resourceName: 'kafka-cluster' });
    expect(() => aclBindings({ principal: 'User:a', operation: ['read'] })).toThrow('which resource?');
    expect(() => aclBindings({ principal: 'User:a', operation: ['read'], topic: 't', pattern: 'match' })).toThrow(/invalid --pattern 'match'/);
    expect(aclFilters({ operation: [] })).toEqual([{ resourceType: 'any', patternType: 'any', permission: 'any', operation: 'any', principal: undefined, host: undefined }]);
  });
});

describe('broker config', () => {
  const configs = [
    { name: 'listener.name.sasl_plaintext.plain.sasl.jaas.config', value: null, source: 'STATIC_BROKER_CONFIG' as const, isDefault: false, readOnly: true, sensitive: true },
    { name: 'log.cleaner.threads', value: '2', source: 'DYNAMIC_BROKER_CONFIG' as const, isDefault: false, readOnly: false, sensitive: false },
  ];
  it('masks secrets in the table and JSON', () => {
    expect(renderBrokerConfigs(configs, plain)).toBe(
      'CONFIG                                               VALUE        SOURCE                 READ-ONLY\n' +
        'listener.name.sasl_plaintext.plain.sasl.jaas.config  (sensitive)  STATIC_BROKER_CONFIG   yes\n' +
        'log.cleaner.threads                                  2            DYNAMIC_BROKER_CONFIG  no\n',
    );
    expect(brokerConfigsJson({ kind: 'broker', id: 2 }, configs)).toEqual({
      broker: 2,
      configs: [
        { name: 'listener.name.sasl_plaintext.plain.sasl.jaas.config', value: null, source: 'STATIC_BROKER_CONFIG', isDefault: false, readOnly: true, sensitive: true },
        { name: 'log.cleaner.threads', value: '2', source: 'DYNAMIC_BROKER_CONFIG', isDefault: false, readOnly: false, sensitive: false },
      ],
    });
  });
  it('changes', () => {
    const changes = [{ name: 'a', from: null, to: '1' }, { name: 'b', from: '2', to: null }];
    expect(renderBrokerConfigChanges(changes, plain)).toBe('CONFIG  FROM         TO\na       (inherited)  1\nb       2            (inherited)\n');
    expect(renderBrokerConfigChanges([], plain)).toBe('no change\n');
    expect(brokerConfigsJson({ kind: 'default' }, [], changes)).toEqual({ broker: 'default', changes, configs: [] });
  });
});

describe('cluster elect-leaders', () => {
  const rows = [
    { topic: 't', partition: 0, leaderBefore: 2, leaderAfter: 1, outcome: 'elected' as const, error: null },
    { topic: 't', partition: 1, leaderBefore: 2, leaderAfter: 2, outcome: 'not-needed' as const, error: null },
    { topic: 't', partition: 2, leaderBefore: null, leaderAfter: null, outcome: 'failed' as const, error: 'no eligible leader' },
  ];
  it('outcomes from error codes', () => {
    expect([0, 84, 80, 83].map(outcomeOf)).toEqual(['elected', 'not-needed', 'failed', 'failed']);
  });
  it('table, summary and JSON', () => {
    expect(renderElection(rows, plain)).toBe(
      'TOPIC  PARTITION  LEADER-BEFORE  LEADER-AFTER  RESULT\n' +
        't      0          2              1             elected\n' +
        't      1          2              2             not needed\n' +
        't      2          none           none          failed: no eligible leader\n',
    );
    expect(electionSummary(rows)).toBe('1 elected (1 leader moved), 1 already had their preferred leader, 1 failed\n');
    expect(electionJson(rows)).toEqual(rows);
  });
});

describe('user (SCRAM)', () => {
  it("salted password: RFC 7677's SCRAM-SHA-256 test vector (Hi of 'pencil')", () => {
    // RFC 7677 section 3: salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 iterations.
    const salted = saltedPassword('pencil', Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64'), 4096, 'scram-sha-256');
    expect(salted.toString('hex')).toBe('c4a49510323ab4f952cac1fa99441939e78ea74d6be81ddf7096e87513dc615d');
    expect(saltedPassword('x', Buffer.alloc(16), 4096, 'scram-sha-512')).toHaveLength(64);
  });
  it('table and JSON: mechanisms and iterations, never a secret', () => {
    const users = [{ name: 'alice', credentials: [{ mechanism: 'scram-sha-256' as const, iterations: 4096 }, { mechanism: 'scram-sha-512' as const, iterations: 8192 }] }];
    expect(renderScramUsers(users, plain)).toBe('USER   MECHANISM      ITERATIONS\nalice  SCRAM-SHA-256  4096\nalice  SCRAM-SHA-512  8192\n');
    expect(scramUsersJson(users)).toEqual(users);
  });
});
