import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import type { TopicDescription, TopicSummary } from '../../src/kafka/admin/topics.js';
import type { AlterTopicConfigsResult, TopicConfigEntry } from '../../src/kafka/admin/configs.js';
import {
  alterConfigsJson,
  createdJson,
  deletedJson,
  describeChanges,
  describeJson,
  describeRows,
  renderDescribeTable,
  renderTopicListTable,
  topicListJson,
} from '../../src/format/admin/topics.js';

const plain = new Chalk({ level: 0 });
const color = new Chalk({ level: 1 });

const retention: TopicConfigEntry = { name: 'retention.ms', value: '1000', source: 'DYNAMIC_TOPIC_CONFIG', isDefault: false, readOnly: false, sensitive: false };

function description(): TopicDescription {
  const base = { offlineReplicas: [], lowWatermark: '5', highWatermark: '9007199254740993', messages: 9007199254740988n };
  return {
    name: 'orders',
    internal: false,
    replicationFactor: 3,
    partitions: [
      { partition: 0, leader: 1, replicas: [1, 2, 3], isr: [1, 2, 3], ...base, underReplicated: false, leaderless: false },
      { partition: 1, leader: 2, replicas: [2, 3, 1], isr: [2], ...base, underReplicated: true, leaderless: false },
      { partition: 2, leader: -1, replicas: [3, 1, 2], isr: [], offlineReplicas: [3, 1, 2], lowWatermark: null, highWatermark: null, messages: null, underReplicated: true, leaderless: true },
    ],
    configs: [retention],
  };
}

describe('topic describe view', () => {
  it('marks under-replicated and leaderless partitions in text, so it reads without color', () => {
    expect(describeRows(description()).map((r) => r.at(-1))).toEqual(['ok', 'UNDER-REPLICATED', 'NO LEADER']);
    expect(describeRows(description())[2]!.slice(0, 7)).toEqual([2, 'none', '3,1,2', null, null, null, null]);
  });

  it('renders the summary, partitions and configs as a plain table', () => {
    const out = renderDescribeTable(description(), plain, false);
    expect(out).toBe(
      'Topic orders: 3 partitions, replication factor 3, unknown messages, 2 partitions unhealthy\n\n' +
        'PARTITION  LEADER  REPLICAS  ISR    LOW  HIGH              MESSAGES          STATUS\n' +
        '0          1       1,2,3     1,2,3  5    9007199254740993  9007199254740988  ok\n' +
        '1          2       2,3,1     2      5    9007199254740993  9007199254740988  UNDER-REPLICATED\n' +
        '2          none    3,1,2     -      -    -                 -                 NO LEADER\n' +
        '\nConfigs (non-default):\n' +
        'CONFIG        VALUE  SOURCE\n' +
        'retention.ms  1000   DYNAMIC_TOPIC_CONFIG\n',
    );
  });

  it('colors unhealthy partition lines: yellow under-replicated, red leaderless', () => {
    const lines = renderDescribeTable(description(), color, false).split('\n');
    // 0 summary, 1 blank, 2 header, 3..5 partitions 0..2
    expect(lines[4]).toBe(color.yellow(lines[4]!.replace(/\x1b\[\d+m/g, '')));
    expect(lines[5]).toBe(color.red(lines[5]!.replace(/\x1b\[\d+m/g, '')));
    expect(lines[3]).not.toMatch(/\x1b\[/);
  });

  it('says so when every config is at its default', () => {
    const d = { ...description(), configs: [] };
    expect(renderDescribeTable(d, plain, false)).toMatch(/Configs \(non-default\):\n {2}\(none: every config has its default value\)\n$/);
  });

  it('JSON: watermarks as exact int64 strings, message counts exact integers, null leader and watermarks when unknown', () => {
    const j = describeJson(description()) as { messages: unknown; partitionDetails: Array<Record<string, unknown>>; configs: unknown[] };
    expect(j.messages).toBeNull();
    expect(j.partitionDetails[0]).toMatchObject({ leader: 1, highWatermark: '9007199254740993', messages: 9007199254740988n });
    expect(j.partitionDetails[2]).toMatchObject({ leader: null, lowWatermark: null, messages: null, underReplicated: true, leaderless: true });
    expect(j.configs).toEqual([{ name: 'retention.ms', value: '1000', source: 'DYNAMIC_TOPIC_CONFIG', isDefault: false, readOnly: false, sensitive: false }]);
  });
});

describe('topic list view', () => {
  const rows: TopicSummary[] = [
    { name: 'a', partitions: 1, replicationFactor: 1, messages: 0n, internal: false, underReplicatedPartitions: 0, offlinePartitions: 0 },
    { name: 'b.long-name', partitions: 12, replicationFactor: 3, messages: null, internal: false, underReplicatedPartitions: 4, offlinePartitions: 1 },
    { name: 'c', partitions: 3, replicationFactor: 3, messages: 7n, internal: false, underReplicatedPartitions: 3, offlinePartitions: 0 },
  ];
  it('renders a table; an unknown count is "-"; STATUS names unhealthy partitions', () => {
    expect(renderTopicListTable(rows, plain)).toBe(
      'NAME         PARTITIONS  REPLICATION  MESSAGES  STATUS\n' +
        'a            1           1            0         ok\n' +
        'b.long-name  12          3            -         1 offline, 4 under-replicated\n' +
        'c            3           3            7         3 under-replicated\n',
    );
  });
  it('JSON: message counts as exact integers (bigint until printed) or null, unhealthy partition counts', () => {
    expect(topicListJson(rows)).toEqual([
      { name: 'a', partitions: 1, replicationFactor: 1, messages: 0n, internal: false, underReplicatedPartitions: 0, offlinePartitions: 0 },
      { name: 'b.long-name', partitions: 12, replicationFactor: 3, messages: null, internal: false, underReplicatedPartitions: 4, offlinePartitions: 1 },
      { name: 'c', partitions: 3, replicationFactor: 3, messages: 7n, internal: false, underReplicatedPartitions: 3, offlinePartitions: 0 },
    ]);
  });
});

describe('create, delete and config views', () => {
  it('create JSON keeps the documented keys in order', () => {
    const j = createdJson([{ topic: 't', status: 'created', partitions: 2, replicationFactor: 1, configs: { 'retention.ms': '1' } }]);
    expect(JSON.stringify(j)).toBe('[{"topic":"t","status":"created","partitions":2,"replicationFactor":1,"configs":{"retention.ms":"1"}}]');
  });
  it('delete JSON', () => {
    expect(deletedJson([{ topic: 't', partitions: 3, messages: 12n }])).toEqual([{ topic: 't', status: 'deleted', partitions: 3, messages: 12n }]);
  });
  it('config changes: one stderr line each, inherited values named', () => {
    const r: AlterTopicConfigsResult = {
      topic: 't',
      changes: [
        { name: 'retention.ms', from: null, to: '5' },
        { name: 'cleanup.policy', from: 'compact', to: null },
      ],
      configs: [retention, { ...retention, name: 'segment.bytes', value: '1073741824', source: 'DEFAULT_CONFIG', isDefault: true }],
    };
    expect(describeChanges(r, false)).toBe("topic 't' changed: retention.ms: (inherited) -> 5\ntopic 't' changed: cleanup.policy: compact -> (inherited)\n");
    expect(describeChanges({ ...r, changes: [] }, false)).toBe("topic 't': no change\n");
    expect((alterConfigsJson(r, false) as { configs: unknown[] }).configs).toHaveLength(1);
    expect((alterConfigsJson(r, true) as { configs: unknown[] }).configs).toHaveLength(2);
  });
});
