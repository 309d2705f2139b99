/**
 * Golden files of every command's output (no broker): each renderer in src/format is fed domain data built here and
 * its table (no color), JSON, NDJSON and plain text are compared with test/fixtures/golden/<name>. A change in what
 * users see fails here. After a deliberate change, rewrite the files and review the diff:
 *
 *   npx vitest run --project unit test/unit/golden.test.ts -u
 *
 * Offsets beyond 2^53 pin that positions and quantities stay exact. test/unit/json-conventions.test.ts checks every
 * JSON file here against the int64-in-JSON rule.
 */
import { describe, expect, it } from 'vitest';
import { quotasJson, renderQuotas } from '../../src/format/admin/quotas.js';
import type { QuotaEntry } from '../../src/kafka/admin/quotas.js';
import { Chalk } from 'chalk';
import { renderJson, renderNdjsonLine } from '../../src/format/output.js';
import { aclsJson, renderAclTable } from '../../src/format/admin/acls.js';
import { brokerConfigsJson, renderBrokerConfigChanges, renderBrokerConfigs } from '../../src/format/admin/broker-configs.js';
import { renderClusterTable, toClusterJson } from '../../src/format/admin/cluster.js';
import { renderRedrivePlan, renderRedrivePlanJson, redriveDryRunNote } from '../../src/format/records/copy.js';
import { deleteRecordsJson, deleteRecordsSummary, renderDeleteRecords } from '../../src/format/admin/delete-records.js';
import { logDirsJson, renderLogDirs } from '../../src/format/admin/log-dirs.js';
import { topicSizes, type BrokerLogDirs } from '../../src/kafka/admin/log-dirs.js';
import { electionJson, electionSummary, renderElection } from '../../src/format/admin/elect-leaders.js';
import { envelopeLine } from '../../src/format/records/envelope.js';
import { deleteOffsetsSummary, renderDeleteOffsetsTable, renderDeleteTable, renderGroupListTable, renderResetTable, resetSummary, toDeleteJson, toDeleteOffsetsJson, toGroupListJson, toResetJson, type ListedGroup } from '../../src/format/groups.js';
import type { DeleteOffsetsPlan } from '../../src/kafka/groups/delete-offsets.js';
import { renderLagJson, renderLagOverview, renderLagTable, renderLagWatchFrame, toLagJson } from '../../src/format/lag.js';
import { localNodeJson, localStartJson, renderLocalStatus, renderLocalStatusJson, type LocalInstanceView } from '../../src/format/local.js';
import { profileListJson, profileShowJson, renderProfileList, renderProfileShow } from '../../src/format/profile.js';
import { renderDeliveryReports, renderProduceSummary, undeliveredEnvelopeLine } from '../../src/format/records/produce-report.js';
import { renderLagPrometheus } from '../../src/format/prometheus.js';
import { reassignPlanJson, reassignStatusJson, reassignSummary, renderReassignPlan, renderReassignStatus } from '../../src/format/admin/reassign.js';
import { renderRecordLine } from '../../src/format/records/records.js';
import { schemaEnvelopeLine } from '../../src/format/records/schema-envelope.js';
import { renderCompatibility, renderConfig, renderDeleted, renderRegistered, renderSchemaDetails, renderSubjects, renderVersions, schemaDetailsJson } from '../../src/format/schemas.js';
import { renderScramUsers, scramUsersJson } from '../../src/format/admin/scram-users.js';
import { renderDiffJson, renderDiffTable } from '../../src/format/admin/topic-diff.js';
import {
  addPartitionsJson,
  alterConfigsJson,
  createdJson,
  deletedJson,
  describeChanges,
  describeJson,
  renderAddPartitionsTable,
  renderAlterConfigsTable,
  renderCreatedTable,
  renderDeletedTable,
  renderDescribeTable,
  renderTopicListTable,
  topicListJson,
} from '../../src/format/admin/topics.js';
import { buildGroupLag, type LagReport } from '../../src/kafka/groups/lag.js';
import { tpKey, type GroupDescription } from '../../src/kafka/groups/groups.js';
import type { ResetPlan } from '../../src/kafka/groups/reset-offsets.js';
import type { ClusterInfo } from '../../src/kafka/admin/cluster.js';
import type { ConsumedRecord } from '../../src/core/records.js';
import type { TopicDescription, TopicSummary } from '../../src/kafka/admin/topics.js';
import type { AlterTopicConfigsResult, TopicConfigEntry } from '../../src/kafka/admin/configs.js';
import type { ProduceSummary } from '../../src/kafka/produce/produce.js';
import { diffTopics, type TopicShape } from '../../src/kafka/admin/topic-diff.js';
import { deleteRecordsRow } from '../../src/kafka/admin/delete-records.js';
import { sortAcls } from '../../src/kafka/admin/acls.js';
import { renderPlanJson, renderPlanTable } from '../../src/format/admin/plan.js';
import { planChanges } from '../../src/core/cluster-state.js';

// Record lines print local time: pin the zone so the files read the same on every machine.
process.env.TZ = 'UTC';

const plain = new Chalk({ level: 0 });
/** Past 2^53: a double would round these (9007199254740993 -> ...992). */
const BIG = 9_007_199_254_740_993n;
const T0 = Date.UTC(2026, 10, 20, 10, 0, 0, 123);

type Case = [file: string, render: () => string];

/**
 * Each case's output must equal its file in test/fixtures/golden/. `-u` rewrites them all (review the diff). A missing
 * file is written by a local run, but never under CI: vitest's snapshot mode is 'none' when CI is set (.ci/run sets
 * CI=1), so there a missing or different file fails the test.
 */
function golden(title: string, cases: Case[]): void {
  describe(title, () => {
    it.each(cases)('%s', async (file, render) => {
      await expect(render()).toMatchFileSnapshot(`../fixtures/golden/${file}`);
    });
  });
}

// ---------------------------------------------------------------- topics

const retention: TopicConfigEntry = { name: 'retention.ms', value: '86400000', source: 'DYNAMIC_TOPIC_CONFIG', isDefault: false, readOnly: false, sensitive: false };
const segment: TopicConfigEntry = { name: 'segment.bytes', value: '1073741824', source: 'DEFAULT_CONFIG', isDefault: true, readOnly: false, sensitive: false };
const secret: TopicConfigEntry = { name: 'sasl.jaas.config', value: null, source: 'DYNAMIC_TOPIC_CONFIG', isDefault: false, readOnly: false, sensitive: true };

const topicRows: TopicSummary[] = [
  { name: 'orders', partitions: 6, replicationFactor: 3, messages: BIG, internal: false, underReplicatedPartitions: 0, offlinePartitions: 0 },
  { name: 'payments', partitions: 12, replicationFactor: 3, messages: null, internal: false, underReplicatedPartitions: 4, offlinePartitions: 1 },
  { name: '__consumer_offsets', partitions: 50, replicationFactor: 1, messages: 0n, internal: true, underReplicatedPartitions: 0, offlinePartitions: 0 },
];

function description(): TopicDescription {
  return {
    name: 'orders',
    internal: false,
    replicationFactor: 3,
    partitions: [
      { partition: 0, leader: 1, replicas: [1, 2, 3], isr: [1, 2, 3], offlineReplicas: [], lowWatermark: '4', highWatermark: BIG.toString(), messages: BIG - 4n, underReplicated: false, leaderless: false },
      { partition: 1, leader: 2, replicas: [2, 3, 1], isr: [2], offlineReplicas: [], lowWatermark: '0', highWatermark: '20', messages: 20n, underReplicated: true, leaderless: false },
    ],
    configs: [retention, secret],
  };
}

const leaderless: TopicDescription = {
  ...description(),
  name: 'broken',
  partitions: [{ partition: 0, leader: -1, replicas: [3], isr: [], offlineReplicas: [3], lowWatermark: null, highWatermark: null, messages: null, underReplicated: true, leaderless: true }],
  configs: [],
};

const altered: AlterTopicConfigsResult = {
  topic: 'orders',
  changes: [
    { name: 'retention.ms', from: null, to: '86400000' },
    { name: 'cleanup.policy', from: 'compact', to: null },
  ],
  configs: [retention, segment],
};

golden('topic create', [
  ['topic-create.txt', () => renderCreatedTable([{ topic: 'orders', status: 'created', partitions: 6, replicationFactor: 3, configs: { 'retention.ms': '86400000', 'cleanup.policy': 'compact' } }, { topic: 'plain', status: 'exists', partitions: 1, replicationFactor: 1, configs: {} }], plain)],
  ['topic-create.json', () => renderJson(createdJson([{ topic: 'orders', status: 'created', partitions: 6, replicationFactor: 3, configs: { 'retention.ms': '86400000' } }, { topic: 'plain', status: 'valid', partitions: 1, replicationFactor: 1, configs: {} }]))],
]);

golden('topic add-partitions', [
  ['topic-add-partitions.txt', () => renderAddPartitionsTable({ topic: 'orders', previousPartitions: 3, partitions: 6, validateOnly: false }, plain)],
  ['topic-add-partitions.json', () => renderJson(addPartitionsJson({ topic: 'orders', previousPartitions: 3, partitions: 6, validateOnly: true }))],
]);

golden('topic list', [
  ['topic-list.txt', () => renderTopicListTable(topicRows, plain)],
  ['topic-list.json', () => renderJson(topicListJson(topicRows))],
]);

golden('topic describe', [
  ['topic-describe.txt', () => renderDescribeTable(description(), plain, false)],
  ['topic-describe-leaderless.txt', () => renderDescribeTable(leaderless, plain, true)],
  ['topic-describe.json', () => renderJson(describeJson(description()))],
  ['topic-describe-leaderless.json', () => renderJson(describeJson(leaderless))],
]);

golden('topic config', [
  ['topic-config.txt', () => renderAlterConfigsTable(altered, plain, true)],
  ['topic-config-changes.txt', () => describeChanges(altered, false) + describeChanges({ ...altered, changes: [altered.changes[0]!] }, true)],
  ['topic-config.json', () => renderJson(alterConfigsJson(altered, false))],
]);

golden('topic delete', [
  ['topic-delete.txt', () => renderDeletedTable([{ topic: 'orders', partitions: 6, messages: BIG }, { topic: 'gone', partitions: 1, messages: null }], plain)],
  ['topic-delete.json', () => renderJson(deletedJson([{ topic: 'orders', partitions: 6, messages: BIG }, { topic: 'gone', partitions: 1, messages: null }]))],
]);

function shape(name: string, partitions: number, rf: number, overrides: Record<string, string> = {}): TopicShape {
  const defaults = { 'retention.ms': '604800000', 'cleanup.policy': 'delete' };
  return { name, partitions, replicationFactor: rf, configs: new Map(Object.entries({ ...defaults, ...overrides })), overrides: new Set(Object.keys(overrides)) };
}
const diff = diffTopics(
  new Map([['orders', shape('orders', 6, 3, { 'retention.ms': '86400000' })], ['same', shape('same', 1, 1)], ['only-prod', shape('only-prod', 1, 1)]]),
  new Map([['orders', shape('orders', 3, 1)], ['same', shape('same', 1, 1)], ['only-staging', shape('only-staging', 1, 1)]]),
);

golden('topic diff', [
  ['topic-diff.txt', () => renderDiffTable(diff, plain)],
  ['topic-diff.json', () => renderDiffJson(diff, { source: 'profile prod', target: 'kafka:9092' })],
]);

const readAcl = { principal: 'User:app', host: '*', operation: 'read', permission: 'allow', resourceType: 'topic', resourceName: 'orders', patternType: 'literal' };
const clusterPlan = planChanges(
  {
    topics: [
      { name: 'orders', partitions: 12, replicationFactor: 3, configs: { 'retention.ms': '86400000' } },
      { name: 'new', partitions: 3, replicationFactor: 3, configs: { 'cleanup.policy': 'compact' } },
      { name: 'shrunk', partitions: 1, replicationFactor: 3, configs: {} },
    ],
    acls: [readAcl],
    users: ['app'],
    quotas: [
      { entity: { user: 'app' }, values: { producer_byte_rate: 2097152, consumer_byte_rate: 4194304 } },
      { entity: { user: null, 'client-id': null }, values: { request_percentage: 50 } },
    ],
  },
  {
    topics: [
      { name: 'orders', partitions: 6, replicationFactor: 3, configs: { 'retention.ms': '604800000', 'segment.ms': '3600000' } },
      { name: 'shrunk', partitions: 4, replicationFactor: 3, configs: {} },
      { name: 'old', partitions: 1, replicationFactor: 3, configs: {} },
    ],
    acls: [{ ...readAcl, operation: 'write' }],
    users: ['app', 'gone'],
    quotas: [
      { entity: { user: 'app' }, values: { producer_byte_rate: 1048576 } },
      { entity: { ip: '10.0.0.7' }, values: { connection_creation_rate: 20 } },
    ],
  },
  { prune: true },
);

golden('plan', [
  ['plan.txt', () => renderPlanTable(clusterPlan, plain)],
  ['plan.json', () => renderPlanJson(clusterPlan)],
]);

const deletePlan = { topic: 'orders', executed: false, partitions: [deleteRecordsRow(0, 0n, BIG, BIG - 3n), deleteRecordsRow(1, 5n, 10n, null)] };
const deleteDone = { topic: 'orders', executed: true, partitions: [{ ...deleteRecordsRow(0, 0n, BIG, BIG - 3n), newLow: BIG - 3n }] };

const logDirs: BrokerLogDirs[] = [
  {
    broker: 1,
    error: null,
    dirs: [
      {
        path: '/var/kafka/data-1',
        error: null,
        totalBytes: 500_000_000_000n,
        usableBytes: 123_456_789_012n,
        replicas: [
          { topic: 'orders', partition: 0, size: 10_485_760n, offsetLag: 0n, isFuture: false },
          { topic: 'orders', partition: 1, size: 2_048n, offsetLag: 17n, isFuture: false },
        ],
      },
      { path: '/var/kafka/data-2', error: 'KAFKA_STORAGE_ERROR', totalBytes: null, usableBytes: null, replicas: [] },
    ],
  },
  { broker: 2, error: 'CLUSTER_AUTHORIZATION_FAILED', dirs: [] },
  { broker: 3, error: null, dirs: [{ path: '/data', error: null, totalBytes: null, usableBytes: null, replicas: [{ topic: 'orders', partition: 1, size: 0n, offsetLag: 0n, isFuture: true }] }] },
];

golden('broker log-dirs', [
  ['broker-log-dirs.txt', () => renderLogDirs(logDirs, plain)],
  ['broker-log-dirs.json', () => renderJson(logDirsJson(logDirs))],
]);

describe('topicSizes (top: the sum of the leader replicas)', () => {
  it('adds the leader replica of each partition; a partition whose leader did not answer leaves the topic out', () => {
    const leaders = new Map([
      ['orders', [{ partition: 0, leader: 1 }, { partition: 1, leader: 1 }]],
      ['audit', [{ partition: 0, leader: 2 }]],
    ]);
    expect(topicSizes(logDirs, leaders)).toEqual(new Map([['orders', 10_487_808n]]));
  });
});

golden('topic delete-records', [
  ['topic-delete-records-plan.txt', () => renderDeleteRecords(deletePlan, plain) + deleteRecordsSummary(deletePlan)],
  ['topic-delete-records-plan.json', () => renderJson(deleteRecordsJson(deletePlan))],
  ['topic-delete-records-executed.txt', () => renderDeleteRecords(deleteDone, plain) + deleteRecordsSummary(deleteDone)],
  ['topic-delete-records-executed.json', () => renderJson(deleteRecordsJson(deleteDone))],
]);

const reassignPlan = {
  topic: 'orders',
  executed: true,
  throttle: 1000,
  partitions: [
    { partition: 0, current: [1, 2], target: [2, 3], changes: true },
    { partition: 1, current: [2, 3], target: [2, 3], changes: false },
  ],
};
const reassignStatus = [
  { partition: 0, replicas: [1, 2, 3], isr: [1, 2], leader: 1, adding: [3], removing: [1], inProgress: true },
  { partition: 1, replicas: [2, 3], isr: [2, 3], leader: 2, adding: [], removing: [], inProgress: false },
];

golden('topic reassign', [
  ['topic-reassign-plan.txt', () => renderReassignPlan(reassignPlan, plain) + reassignSummary(reassignPlan)],
  ['topic-reassign-plan.json', () => renderJson(reassignPlanJson(reassignPlan))],
  ['topic-reassign-status.txt', () => renderReassignStatus(reassignStatus, plain)],
  ['topic-reassign-status.json', () => renderJson(reassignStatusJson('orders', reassignStatus))],
]);

// ---------------------------------------------------------------- groups and lag

const listed: ListedGroup[] = [
  { group: 'billing', type: 'consumer', state: 'Stable', members: 2, protocolType: 'consumer', totalLag: BIG },
  { group: 'etl', type: 'classic', state: 'Empty', members: 0, protocolType: '', totalLag: 0n },
  { group: 'connect-sink', type: 'classic', state: 'Stable', members: 1, protocolType: 'connect', totalLag: null },
  { group: 'shares', type: 'share', state: 'Stable', members: 3, protocolType: 'share', totalLag: 7n },
];

golden('group list', [
  ['group-list.txt', () => renderGroupListTable(listed, plain)],
  ['group-list-lag.txt', () => renderGroupListTable(listed, plain, true)],
  ['group-list.json', () => renderJson(toGroupListJson(listed))],
  ['group-list-lag.json', () => renderJson(toGroupListJson(listed, true))],
]);

const resetPlan: ResetPlan = {
  group: 'billing',
  type: 'consumer',
  state: 'Empty',
  executed: false,
  partitions: [
    { topic: 'orders', partition: 0, currentOffset: BIG - 10n, newOffset: BIG, clamped: 'log-end' },
    { topic: 'orders', partition: 1, currentOffset: null, newOffset: 0n, clamped: 'log-start' },
    { topic: 'orders', partition: 2, currentOffset: 40n, newOffset: 30n, clamped: null },
  ],
};

golden('group reset-offsets', [
  ['group-reset-offsets.txt', () => renderResetTable(resetPlan, plain) + resetSummary(resetPlan) + '\n' + resetSummary({ ...resetPlan, executed: true, type: 'share' }) + '\n'],
  ['group-reset-offsets.json', () => renderJson(toResetJson(resetPlan))],
]);

const deleteOffsetsPlan: DeleteOffsetsPlan = {
  group: 'billing',
  type: 'classic',
  state: 'Empty',
  executed: false,
  partitions: [
    { topic: 'orders', partition: 0, committedOffset: BIG, status: 'planned', error: null },
    { topic: 'orders', partition: 2, committedOffset: null, status: 'no-commit', error: null },
    { topic: 'payments', partition: 1, committedOffset: 40n, status: 'planned', error: null },
  ],
};
const deleteOffsetsDone: DeleteOffsetsPlan = {
  ...deleteOffsetsPlan,
  executed: true,
  partitions: [
    { topic: 'orders', partition: 0, committedOffset: BIG, status: 'deleted', error: null },
    { topic: 'orders', partition: 2, committedOffset: null, status: 'no-commit', error: null },
    { topic: 'payments', partition: 1, committedOffset: 40n, status: 'refused', error: 'the group subscribes to the topic' },
  ],
};

golden('group delete-offsets', [
  ['group-delete-offsets.txt', () => {
    const nothing = { ...deleteOffsetsPlan, partitions: deleteOffsetsPlan.partitions.filter((p) => p.status === 'no-commit') };
    const tables = [deleteOffsetsPlan, deleteOffsetsDone].map((p) => renderDeleteOffsetsTable(p, plain) + deleteOffsetsSummary(p) + '\n').join('\n');
    return tables + deleteOffsetsSummary(nothing) + '\n' + deleteOffsetsSummary({ ...nothing, executed: true }) + '\n';
  }],
  ['group-delete-offsets.json', () => renderJson(toDeleteOffsetsJson(deleteOffsetsPlan))],
  ['group-delete-offsets-executed.json', () => renderJson(toDeleteOffsetsJson(deleteOffsetsDone))],
]);

const groupDeletes = [
  { group: 'etl', deleted: true, error: null },
  { group: 'billing', deleted: false, error: 'the group has active members (2): stop them first' },
];

golden('group delete', [
  ['group-delete.txt', () => renderDeleteTable(groupDeletes, plain)],
  ['group-delete.json', () => renderJson(toDeleteJson(groupDeletes))],
]);

const billing: GroupDescription = {
  group: 'billing',
  type: 'consumer',
  state: 'Stable',
  protocolType: 'consumer',
  members: [
    { memberId: 'billing-1-6c1e', clientId: 'billing-1', host: '/10.0.0.7', instanceId: 'pod-1', assignment: [{ topic: 'orders', partition: 0 }, { topic: 'orders', partition: 1 }], memberEpoch: 7, targetAssignment: [{ topic: 'orders', partition: 0 }, { topic: 'orders', partition: 1 }] },
    // Reconciling: it still owns payments[0] and is to receive orders[2] too.
    { memberId: 'billing-2-93ab', clientId: 'billing-2', host: '/10.0.0.8', assignment: [{ topic: 'payments', partition: 0 }], memberEpoch: 6, targetAssignment: [{ topic: 'orders', partition: 2 }, { topic: 'payments', partition: 0 }] },
  ],
  groupEpoch: 7,
  targetAssignmentEpoch: 7,
};
const idle: GroupDescription = { group: 'etl', type: 'classic', state: 'Empty', protocolType: 'consumer', members: [] };

function lagReport(time: number, shift = 0n): LagReport {
  const committed = new Map([
    [tpKey('orders', 0), BIG - 250n + shift],
    [tpKey('orders', 2), 400n],
    [tpKey('payments', 0), 10n + shift],
  ]);
  const parts = new Map([
    ['orders', [0, 1, 2]],
    ['payments', [0]],
  ]);
  const logEnd = new Map<string, bigint | null>([
    [tpKey('orders', 0), BIG + shift * 2n],
    [tpKey('orders', 1), 3n],
    [tpKey('orders', 2), null],
    [tpKey('payments', 0), 12n + shift * 2n],
  ]);
  const g = buildGroupLag(billing, committed, parts, logEnd, []);
  const e = buildGroupLag(idle, new Map([[tpKey('orders', 0), 5n]]), parts, logEnd, ['orders']);
  return { time, groups: [g, e] };
}

/** --time: the oldest unconsumed message of each lagging partition. */
function timedReport(): LagReport {
  const r = lagReport(T0);
  for (const g of r.groups) {
    for (const t of g.topics) {
      for (const p of t.partitions) {
        p.oldestUnconsumedTimestamp = p.lag ? BigInt(T0 - 90_000) : null;
        p.timeLagMs = p.lag === null ? null : p.lag ? 90_000 : 0;
      }
    }
    g.maxTimeLagMs = g.topics.some((t) => t.partitions.some((p) => p.lag)) ? 90_000 : 0;
  }
  return r;
}

golden('lag (group describe)', [
  ['lag.txt', () => renderLagTable(lagReport(T0), plain, false)],
  ['lag-members.txt', () => renderLagTable(lagReport(T0), plain, false, undefined, { members: true })],
  ['lag-time.txt', () => renderLagTable(timedReport(), plain, true)],
  ['lag-watch.txt', () => renderLagTable(lagReport(T0 + 2000, 100n), plain, false, lagReport(T0))],
  ['lag-overview.txt', () => renderLagOverview(lagReport(T0), plain, false)],
  ['lag-overview-time.txt', () => renderLagOverview(timedReport(), plain, true)],
  ['lag.json', () => renderLagJson(lagReport(T0), false)],
  ['lag-time.json', () => renderLagJson(timedReport(), true)],
  [
    'lag-watch.ndjson',
    () =>
      renderNdjsonLine(toLagJson(lagReport(T0), false, { history: [lagReport(T0)] })) +
      renderNdjsonLine(toLagJson(lagReport(T0 + 2000, 100n), false, { previous: lagReport(T0), history: [lagReport(T0), lagReport(T0 + 2000, 100n)] })),
  ],
  ['lag-watch-frame.txt', () => renderLagWatchFrame(lagReport(T0 + 4000, 200n), plain, { allGroups: false, time: false, details: false, members: false }, 2000, lagReport(T0 + 2000, 100n), false, [lagReport(T0), lagReport(T0 + 2000, 100n), lagReport(T0 + 4000, 200n)])],
  ['lag.prom', () => renderLagPrometheus(timedReport(), true)],
]);

// ---------------------------------------------------------------- cluster and admin

const cluster: ClusterInfo = {
  clusterId: 'MkU3OEVBNTcwNTJENDM2Qk',
  controller: 0,
  metadataVersion: '4.4-IV2',
  brokers: [
    { id: 1, host: 'kafka-1', port: 9092, rack: 'eu-1a', fenced: false, isController: false },
    { id: 2, host: 'kafka-2', port: 9092, rack: null, fenced: true, isController: false },
  ],
  quorum: {
    leaderId: 0,
    leaderEpoch: 3,
    highWatermark: BIG,
    voters: [{ id: 0, host: 'controller-0', port: 9093, logEndOffset: BIG, lag: 0n, lastCaughtUpTimestamp: T0 - 1500 }],
    observers: [{ id: 1, host: null, port: null, logEndOffset: BIG - 3n, lag: 3n, lastCaughtUpTimestamp: null }],
  },
  features: [
    { name: 'group.version', level: 1, minLevel: 0 },
    { name: 'metadata.version', level: 33, minLevel: 7 },
  ],
};

golden('cluster', [
  ['cluster.txt', () => renderClusterTable(cluster, plain, T0)],
  ['cluster-no-quorum.txt', () => renderClusterTable({ ...cluster, quorum: null, metadataVersion: null, features: [] }, plain, T0)],
  ['cluster.json', () => renderJson(toClusterJson(cluster))],
]);

const elections = [
  { topic: 'orders', partition: 0, leaderBefore: 2, leaderAfter: 1, outcome: 'elected' as const, error: null },
  { topic: 'orders', partition: 1, leaderBefore: 2, leaderAfter: 2, outcome: 'not-needed' as const, error: null },
  { topic: 'orders', partition: 2, leaderBefore: null, leaderAfter: null, outcome: 'failed' as const, error: 'no eligible leader' },
];

golden('cluster elect-leaders', [
  ['cluster-elect-leaders.txt', () => renderElection(elections, plain) + electionSummary(elections)],
  ['cluster-elect-leaders.json', () => renderJson(electionJson(elections))],
]);

const acls = sortAcls([
  { principal: 'User:bob', host: '*', operation: 'write', permission: 'deny', resourceType: 'topic', resourceName: 'orders', patternType: 'literal' },
  { principal: 'User:alice', host: '10.0.0.1', operation: 'all', permission: 'allow', resourceType: 'group', resourceName: 'app-', patternType: 'prefixed' },
]);

golden('acl', [
  ['acl.txt', () => renderAclTable(acls, plain)],
  ['acl.json', () => renderJson(aclsJson(acls))],
]);

const brokerConfigs = [
  { name: 'listener.name.sasl_plaintext.plain.sasl.jaas.config', value: null, source: 'STATIC_BROKER_CONFIG' as const, isDefault: false, readOnly: true, sensitive: true },
  { name: 'log.cleaner.threads', value: '2', source: 'DYNAMIC_BROKER_CONFIG' as const, isDefault: false, readOnly: false, sensitive: false },
];
const brokerChanges = [{ name: 'log.cleaner.threads', from: null, to: '2' }, { name: 'log.retention.ms', from: '1000', to: null }];

golden('broker config', [
  ['broker-config.txt', () => renderBrokerConfigs(brokerConfigs, plain)],
  ['broker-config-changes.txt', () => renderBrokerConfigChanges(brokerChanges, plain)],
  ['broker-config.json', () => renderJson(brokerConfigsJson({ kind: 'broker', id: 2 }, brokerConfigs))],
  ['broker-config-changes.json', () => renderJson(brokerConfigsJson({ kind: 'default' }, brokerConfigs, brokerChanges))],
]);

const scram = [{ name: 'alice', credentials: [{ mechanism: 'scram-sha-256' as const, iterations: 4096 }, { mechanism: 'scram-sha-512' as const, iterations: 8192 }] }];

golden('user', [
  ['user.txt', () => renderScramUsers(scram, plain)],
  ['user.json', () => renderJson(scramUsersJson(scram))],
]);

// ---------------------------------------------------------------- records: tail, produce, copy

const rec = (over: Partial<ConsumedRecord> = {}): ConsumedRecord => ({
  topic: 'orders',
  partition: 2,
  offset: BIG.toString(),
  timestamp: String(T0),
  key: Buffer.from('k1'),
  value: Buffer.from('{"a":1}'),
  headers: [{ key: 'trace', value: Buffer.from('abc') }],
  ...over,
});
const records = [rec(), rec({ offset: '0', key: null, value: null, headers: [] }), rec({ offset: '7', value: Buffer.from([0xff, 0x00, 0x61]) })];

golden('tail', [
  ['tail.txt', () => records.map((r) => renderRecordLine(r, plain, { headers: false, topic: false })).join('')],
  ['tail-headers-topic.txt', () => records.map((r) => renderRecordLine(r, plain, { headers: true, topic: true })).join('')],
  ['tail.ndjson', () => records.map((r) => envelopeLine(r)).join('')],
  ['tail-json-values.ndjson', () => records.map((r) => schemaEnvelopeLine(r, { jsonValues: true })).join('')],
]);

const produced: ProduceSummary = {
  topic: 'orders', partitions: 3, acks: 'all', delivered: 3000, failed: 2, aborted: 0, unsent: 0, invalid: 1,
  perPartition: [{ partition: 0, messages: 2000 }, { partition: 2, messages: 1000 }], bytes: 2048, resent: 1000, elapsedMs: 2000,
  undeliveredLines: [[5, 6]], unsentLines: [], invalidLines: [[9, 9]], firstFailure: 'boom', firstInvalid: 'line 9: bad', interrupted: false,
};

golden('produce', [
  ['produce-summary.txt', () => renderProduceSummary(produced, plain)],
  ['produce.ndjson', () => renderDeliveryReports([
    { line: 1, status: 'delivered', partition: 0, offset: BIG.toString() },
    { line: 2, status: 'delivered', partition: 1, offset: null },
    { line: 3, status: 'failed', partition: 2, offset: null, error: 'boom' },
    { line: 4, status: 'invalid', partition: null, offset: null, error: 'line 4: bad' },
  ])],
  ['produce-failed.ndjson', () => undeliveredEnvelopeLine({ line: 3, partition: 2, record: { key: Buffer.from('k'), value: Buffer.from('v'), headers: [], timestamp: String(T0) } }, 'orders')],
]);

const redrive = { byTopic: new Map([['orders', [rec(), rec()]], ['payments', [rec()]]]), withoutHeader: 1 };

golden('copy --to-topic-from-header', [
  ['copy-redrive.txt', () => renderRedrivePlan(redrive, 'dlq-topic', plain) + redriveDryRunNote(redrive)],
  ['copy-redrive.json', () => renderRedrivePlanJson(redrive, 'dlq-topic')],
]);

// ---------------------------------------------------------------- schema registry

const details = { subject: 'orders-value', version: 2, id: 9, schemaType: 'AVRO' as const, references: [{ name: 'shop.Money', subject: 'money', version: 1 }], schema: '{"type":"string"}' };

golden('schema', [
  ['schema-list.txt', () => renderSubjects([{ subject: 'a-value', deleted: false }, { subject: 'b-value', deleted: true }], true, plain)],
  ['schema-list.json', () => renderJson([{ subject: 'a-value', deleted: false }, { subject: 'b-value', deleted: true }])],
  ['schema-versions.txt', () => renderVersions([{ version: 1, id: 7, schemaType: 'AVRO' }, { version: 2, id: 12, schemaType: 'AVRO' }], plain)],
  ['schema-versions.json', () => renderJson([{ version: 1, id: 7, schemaType: 'AVRO' }, { version: 2, id: 12, schemaType: 'AVRO' }])],
  ['schema-get.txt', () => renderSchemaDetails(details, plain)],
  ['schema-get.json', () => renderJson(schemaDetailsJson(details))],
  ['schema-register.txt', () => renderRegistered({ subject: 'orders-value', id: 9, version: 2 }, plain)],
  ['schema-register.json', () => renderJson({ subject: 'orders-value', id: 9, version: 2 })],
  ['schema-check.txt', () => renderCompatibility({ subject: 'orders-value', compatible: false, messages: ['field id changed type'] }, plain)],
  ['schema-check.json', () => renderJson({ subject: 'orders-value', compatible: false, messages: ['field id changed type'] })],
  ['schema-config.txt', () => renderConfig({ subject: null, compatibility: 'BACKWARD' }, plain) + renderConfig({ subject: 'orders-value', compatibility: null }, plain)],
  ['schema-config.json', () => renderJson({ subject: null, compatibility: 'BACKWARD' })],
  ['schema-delete.txt', () => renderDeleted({ subject: 'orders-value', versions: [1, 2], permanent: true }, plain)],
  ['schema-delete.json', () => renderJson({ subject: 'orders-value', versions: [1, 2], permanent: true })],
]);

// ---------------------------------------------------------------- local

const local: LocalInstanceView[] = [
  {
    dir: '/home/u/.kafka-cli/local',
    version: '4.4.0',
    running: true,
    bootstrap: '127.0.0.1:9092,127.0.0.1:9094',
    startedAt: '2026-11-20T10:00:00.000Z',
    dataBytes: 3 * 1048576,
    nodes: [
      { id: 0, roles: 'controller', address: '127.0.0.1:9093', pid: 4242, up: true, dir: '/home/u/.kafka-cli/local/0' },
      { id: 1, roles: 'broker', address: '127.0.0.1:9092', pid: 4243, up: true, dir: '/home/u/.kafka-cli/local/1' },
      { id: 2, roles: 'broker', address: '127.0.0.1:9094', up: false, dir: '/home/u/.kafka-cli/local/2' },
    ],
    schemaRegistry: { url: 'http://127.0.0.1:8081', version: '3.3.3', pid: 4250 },
  },
];

golden('local status', [
  ['local-status.txt', () => renderLocalStatus(local, plain)],
  ['local-status-none.txt', () => renderLocalStatus([], plain)],
  ['local-status.json', () => renderLocalStatusJson(local)],
]);

golden('local start', [
  ['local-start.json', () => renderJson(localStartJson(local[0]!, local[0]!.dir, false, { url: 'http://127.0.0.1:8081', version: '3.3.3', pid: 4250, alreadyRunning: true }))],
  ['local-start-node.json', () => renderJson(localNodeJson(local[0]!.nodes[1]!))],
]);

// ---------------------------------------------------------------- profiles

const profiles = {
  current: 'prod',
  profiles: {
    prod: { brokers: 'kafka-1:9092,kafka-2:9092', sasl: { mechanism: 'scram-sha-512', username: 'svc', password: 'hunter2' }, tls: { enabled: true, ca: '/etc/ca.pem' } },
    dev: { brokers: 'localhost:9092' },
  },
};

golden('profile', [
  ['profile-list.txt', () => renderProfileList(profiles, plain)],
  ['profile-list.json', () => renderJson(profileListJson(profiles))],
  ['profile-show.txt', () => renderProfileShow('prod', profiles, plain)],
  ['profile-show.json', () => renderJson(profileShowJson('prod', profiles))],
]);

const quotaEntries: QuotaEntry[] = [
  { entity: [{ type: 'client-id', name: null }], values: [{ key: 'request_percentage', value: 50 }] },
  { entity: [{ type: 'ip', name: '10.0.0.7' }], values: [{ key: 'connection_creation_rate', value: 20 }] },
  { entity: [{ type: 'user', name: 'alice' }, { type: 'client-id', name: 'billing' }], values: [{ key: 'consumer_byte_rate', value: 2097152 }, { key: 'producer_byte_rate', value: 1048576 }] },
];

// ---------------------------------------------------------------- quotas

golden('quota list', [
  ['quota-list.txt', () => renderQuotas(quotaEntries, plain)],
  ['quota-list.json', () => renderJson(quotasJson(quotaEntries))],
]);
