import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import { diffTopics, hasDifference, type TopicShape } from '../../src/kafka/admin/topic-diff.js';
import { diffSummary, renderDiffJson, renderDiffTable } from '../../src/format/admin/topic-diff.js';

const plain = new Chalk({ level: 0 });

function shape(name: string, partitions: number, rf: number, overrides: Record<string, string> = {}, defaults: Record<string, string> = { 'retention.ms': '604800000', 'cleanup.policy': 'delete' }): TopicShape {
  return { name, partitions, replicationFactor: rf, configs: new Map(Object.entries({ ...defaults, ...overrides })), overrides: new Set(Object.keys(overrides)) };
}

const source = new Map([
  ['orders', shape('orders', 6, 3, { 'retention.ms': '86400000' })],
  ['payments', shape('payments', 3, 3)],
  ['same', shape('same', 1, 1, { 'cleanup.policy': 'compact' })],
  ['only-prod', shape('only-prod', 1, 1)],
]);
const target = new Map([
  ['orders', shape('orders', 3, 1)],
  ['payments', shape('payments', 3, 3, { 'cleanup.policy': 'compact' })],
  ['same', shape('same', 1, 1, { 'cleanup.policy': 'compact' })],
  ['only-staging', shape('only-staging', 1, 1)],
]);

describe('topic diff', () => {
  const d = diffTopics(source, target);
  it('finds topics on one side, partition, replication and config differences', () => {
    expect(d.onlyInSource).toEqual(['only-prod']);
    expect(d.onlyInTarget).toEqual(['only-staging']);
    expect(d.same).toBe(1);
    expect(d.different).toEqual([
      {
        topic: 'orders',
        partitions: { source: 6, target: 3 },
        replicationFactor: { source: 3, target: 1 },
        configs: [{ name: 'retention.ms', source: { value: '86400000', overridden: true }, target: { value: '604800000', overridden: false } }],
      },
      { topic: 'payments', configs: [{ name: 'cleanup.policy', source: { value: 'delete', overridden: false }, target: { value: 'compact', overridden: true } }] },
    ]);
    expect(hasDifference(d)).toBe(true);
  });
  it('--ignore-replication leaves replication factors out; identical clusters have no difference', () => {
    expect(diffTopics(source, target, { ignoreReplication: true }).different[0]!.replicationFactor).toBeUndefined();
    expect(hasDifference(diffTopics(source, source))).toBe(false);
  });
  it('renders the table (golden)', () => {
    expect(renderDiffTable(d, plain)).toBe(
      [
        'TOPIC         WHAT                SOURCE            TARGET',
        'only-prod     only in source      exists            -',
        'only-staging  only in target      -                 exists',
        'orders        partitions          6                 3',
        'orders        replication-factor  3                 1',
        'orders        retention.ms        86400000          604800000 (default)',
        'payments      cleanup.policy      delete (default)  compact',
        '',
      ].join('\n'),
    );
    expect(diffSummary(d)).toBe('1 topic only in source, 1 topic only in target, 2 topics different, 1 topic the same');
  });
  it('renders the documented JSON (golden)', () => {
    expect(JSON.parse(renderDiffJson(d, { source: 'profile prod', target: 'kafka:9092' }))).toEqual({
      source: 'profile prod',
      target: 'kafka:9092',
      identical: false,
      onlyInSource: ['only-prod'],
      onlyInTarget: ['only-staging'],
      different: [
        {
          topic: 'orders',
          partitions: { source: 6, target: 3 },
          replicationFactor: { source: 3, target: 1 },
          configs: [{ name: 'retention.ms', source: { value: '86400000', default: false }, target: { value: '604800000', default: true } }],
        },
        { topic: 'payments', partitions: null, replicationFactor: null, configs: [{ name: 'cleanup.policy', source: { value: 'delete', default: true }, target: { value: 'compact', default: false } }] },
      ],
      same: 1,
    });
  });
});
