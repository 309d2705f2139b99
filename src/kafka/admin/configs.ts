/**
 * Topic configs: a catalog of the topic-level keys with their value types (to reject typos and bad
 * values with exit 2 before the broker answers "Configuration is invalid"), and describe/alter.
 *
 * Changes go out as one IncrementalAlterConfigs request (through the protocol room; kafkajs only has the
 * legacy AlterConfigs, which replaces the whole set): atomic on the broker, and two changes of different
 * keys at the same moment both take effect.
 */
import { retryWhileLeadersMove } from '../client/leader-retry.js';
import { KafkaError, UsageError } from '../../core/errors.js';
import { didYouMean } from '../../core/suggest.js';
import type { KafkaClient } from '../client/client.js';
import { kafkaFailure } from '../client/client.js';
import { assertTopicExists } from '../client/topic-metadata.js';
import { ClusterSession } from '../client/session.js';
import { send } from '../protocol/index.js';

// ConfigResourceTypes in kafkajs (and the Kafka protocol).
const RESOURCE_TOPIC = 2;
const RESOURCE_BROKER = 4;

type ValueType =
  | { kind: 'int' | 'long'; min?: number; max?: number }
  | { kind: 'double'; min?: number; max?: number }
  | { kind: 'boolean' }
  | { kind: 'enum'; values: string[]; list?: boolean }
  | { kind: 'string' };

const long = (min?: number, max?: number): ValueType => ({ kind: 'long', min, max });
const int = (min?: number, max?: number): ValueType => ({ kind: 'int', min, max });
const bool: ValueType = { kind: 'boolean' };
const str: ValueType = { kind: 'string' };

/** Topic-level configs of Apache Kafka 3.x/4.x (LogConfig), with the broker's own lower bounds. */
export const TOPIC_CONFIGS: Readonly<Record<string, ValueType>> = {
  'cleanup.policy': { kind: 'enum', values: ['compact', 'delete'], list: true },
  'compression.type': { kind: 'enum', values: ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'] },
  'compression.gzip.level': int(-1, 9),
  'compression.lz4.level': int(1, 17),
  'compression.zstd.level': int(-131072, 22),
  'delete.retention.ms': long(0),
  'file.delete.delay.ms': long(0),
  'flush.messages': long(1),
  'flush.ms': long(0),
  'follower.replication.throttled.replicas': str,
  'index.interval.bytes': int(0),
  'leader.replication.throttled.replicas': str,
  'local.retention.bytes': long(-2),
  'local.retention.ms': long(-2),
  'max.compaction.lag.ms': long(1),
  'max.message.bytes': int(0),
  'message.downconversion.enable': bool,
  'message.format.version': str,
  'message.timestamp.after.max.ms': long(0),
  'message.timestamp.before.max.ms': long(0),
  'message.timestamp.difference.max.ms': long(0),
  'message.timestamp.type': { kind: 'enum', values: ['CreateTime', 'LogAppendTime'] },
  'min.cleanable.dirty.ratio': { kind: 'double', min: 0, max: 1 },
  'min.compaction.lag.ms': long(0),
  'min.insync.replicas': int(1),
  'preallocate': bool,
  'remote.log.copy.disable': bool,
  'remote.log.delete.on.disable': bool,
  'remote.storage.enable': bool,
  'retention.bytes': long(),
  'retention.ms': long(-1),
  'segment.bytes': int(14),
  'segment.index.bytes': int(4),
  'segment.jitter.ms': long(0),
  'segment.ms': long(1),
  'unclean.leader.election.enable': bool,
};

const INT32_MAX = 2 ** 31 - 1;
const INT64_MAX = 2n ** 63n - 1n;

/** Why `value` is not acceptable for `type`, or undefined when it is. */
function valueProblem(value: string, type: ValueType): string | undefined {
  switch (type.kind) {
    case 'int':
    case 'long': {
      if (!/^-?\d+$/.test(value)) return `expected an integer`;
      const n = BigInt(value);
      const max = type.kind === 'int' ? BigInt(INT32_MAX) : INT64_MAX;
      const min = type.kind === 'int' ? -BigInt(INT32_MAX) - 1n : -INT64_MAX - 1n;
      const lo = type.min !== undefined ? BigInt(type.min) : min;
      const hi = type.max !== undefined ? BigInt(type.max) : max;
      if (n > hi || (n < lo && type.max !== undefined)) return `expected an integer from ${lo} to ${hi}`;
      if (n < lo) return `expected an integer >= ${lo}`;
      return undefined;
    }
    case 'double': {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) return 'expected a number';
      if ((type.min !== undefined && n < type.min) || (type.max !== undefined && n > type.max)) return `expected a number from ${type.min} to ${type.max}`;
      return undefined;
    }
    case 'boolean':
      return /^(true|false)$/i.test(value) ? undefined : 'expected true or false';
    case 'enum': {
      const parts = type.list ? value.split(',').map((s) => s.trim()) : [value];
      const bad = parts.find((p) => !type.values.some((v) => v.toLowerCase() === p.toLowerCase()));
      if (bad === undefined && parts.length > 0) return undefined;
      return `expected ${type.list ? 'a comma-separated list of' : 'one of'} ${type.values.join(', ')}`;
    }
    case 'string':
      return undefined;
  }
}

/**
 * Checks `key=value` pairs against the catalog (and, when given, the names the broker reports for
 * the topic, which win for keys newer than this catalog). Throws UsageError (exit 2).
 */
export function validateTopicConfigs(entries: Array<[string, string]>, brokerKnown?: ReadonlySet<string>): void {
  const seen = new Set<string>();
  for (const [key, value] of entries) {
    if (seen.has(key)) throw new UsageError(`config '${key}' is given twice`);
    seen.add(key);
    const type = TOPIC_CONFIGS[key];
    if (!type) {
      if (brokerKnown?.has(key)) continue;
      throw new UsageError(`unknown topic config '${key}'${didYouMean(key, brokerKnown ?? Object.keys(TOPIC_CONFIGS))}`);
    }
    const problem = valueProblem(value, type);
    if (problem) throw new UsageError(`invalid value '${value}' for config '${key}': ${problem}`);
  }
}

/** Where a config's value comes from (Kafka's DescribeConfigs source names). */
export type ConfigSource =
  | 'DYNAMIC_TOPIC_CONFIG'
  | 'DYNAMIC_BROKER_CONFIG'
  | 'DYNAMIC_DEFAULT_BROKER_CONFIG'
  | 'STATIC_BROKER_CONFIG'
  | 'DEFAULT_CONFIG'
  | 'DYNAMIC_BROKER_LOGGER_CONFIG'
  | 'UNKNOWN';

export const SOURCES: Record<number, ConfigSource> = {
  1: 'DYNAMIC_TOPIC_CONFIG',
  2: 'DYNAMIC_BROKER_CONFIG',
  3: 'DYNAMIC_DEFAULT_BROKER_CONFIG',
  4: 'STATIC_BROKER_CONFIG',
  5: 'DEFAULT_CONFIG',
  6: 'DYNAMIC_BROKER_LOGGER_CONFIG',
};

export interface TopicConfigEntry {
  name: string;
  /** null for sensitive values (never printed) and for unset values. */
  value: string | null;
  source: ConfigSource;
  /** True when the value is Kafka's built-in default (source DEFAULT_CONFIG). */
  isDefault: boolean;
  readOnly: boolean;
  sensitive: boolean;
}

/** Every config of the topic, sorted by name. Fails fast when the topic is missing. */
export async function describeTopicConfigs(client: KafkaClient, topic: string): Promise<TopicConfigEntry[]> {
  await assertTopicExists(client, topic);
  const admin = await client.admin();
  try {
    // kafkajs asks the metadata's controller, which can be a broker that just died: a refused connection makes it
    // refresh the metadata, so asking again within --timeout reaches a live broker.
    const r = await retryWhileLeadersMove(() => admin.describeConfigs({ resources: [{ type: RESOURCE_TOPIC, name: topic }], includeSynonyms: false }), client.config.timeoutMs);
    const res = r.resources[0];
    if (!res) return [];
    return res.configEntries
      .map((e) => {
        const source = SOURCES[(e as { configSource?: number }).configSource ?? -1] ?? (e.isDefault ? 'DEFAULT_CONFIG' : 'UNKNOWN');
        return {
          name: e.configName,
          value: e.isSensitive ? null : (e.configValue ?? null),
          source,
          isDefault: source === 'DEFAULT_CONFIG',
          readOnly: e.readOnly,
          sensitive: e.isSensitive,
        };
      })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (e) {
    throw kafkaFailure(e, client.config, `describe configs of topic '${topic}'`);
  }
}

export interface ConfigChange {
  name: string;
  /** The topic's own override before the change (null: none, the value was inherited). */
  from: string | null;
  /** The override after the change (null: removed, the value is inherited again). */
  to: string | null;
}

export interface AlterTopicConfigsResult {
  topic: string;
  changes: ConfigChange[];
  /** Every config of the topic after the change (read back from the broker). */
  configs: TopicConfigEntry[];
}

export interface ConfigOp {
  name: string;
  /** null: remove the override (DELETE), the default applies again. */
  value: string | null;
}

/** IncrementalAlterConfigs operations: SET 0, DELETE 1 (APPEND 2, SUBTRACT 3 unused). */
const OP_SET = 0;
const OP_DELETE = 1;

/**
 * One IncrementalAlterConfigs request for one resource (topic 2, broker 4; name '' for the cluster-wide broker
 * default): every operation is applied atomically, or none. Other overrides are left as they are.
 * Resolves to the broker's error (null: applied).
 */
export async function incrementalAlterConfigs(
  client: KafkaClient,
  resource: { type: number; name: string },
  ops: readonly ConfigOp[],
  validateOnly: boolean,
): Promise<{ errorCode: number; errorMessage: string | null } | null> {
  const session = await ClusterSession.open(client, resource.type === RESOURCE_TOPIC ? { topics: [resource.name] } : {});
  try {
    const broker = await session.anyBroker();
    const { response } = await send(broker, 'IncrementalAlterConfigs', {
      resources: [
        {
          resourceType: resource.type,
          resourceName: resource.name,
          configs: ops.map((o) => ({ name: o.name, configOperation: o.value === null ? OP_DELETE : OP_SET, value: o.value })),
        },
      ],
      validateOnly,
    });
    const r = response.responses[0];
    return r && r.errorCode !== 0 ? { errorCode: r.errorCode, errorMessage: r.errorMessage } : null;
  } finally {
    await session.close();
  }
}

/** Sets and removes topic-level overrides in one atomic request, keeping every other override as it is. */
export async function alterTopicConfigs(
  client: KafkaClient,
  topic: string,
  set: Array<[string, string]>,
  unset: string[],
  opts: { validateOnly?: boolean } = {},
): Promise<AlterTopicConfigsResult> {
  const before = await describeTopicConfigs(client, topic);
  const known = new Set(before.map((c) => c.name));
  validateTopicConfigs(set, known);
  for (const key of unset) {
    if (!known.has(key) && !TOPIC_CONFIGS[key]) throw new UsageError(`unknown topic config '${key}'${didYouMean(key, known)}`);
  }
  const overrides = new Map(before.filter((c) => c.source === 'DYNAMIC_TOPIC_CONFIG').map((c) => [c.name, c.value]));
  const changes: ConfigChange[] = [];
  const ops: ConfigOp[] = [];
  for (const [k, v] of set) {
    const from = overrides.get(k) ?? null;
    if (from !== v) changes.push({ name: k, from, to: v });
    ops.push({ name: k, value: v });
  }
  for (const k of unset) {
    if (!overrides.has(k)) continue;
    changes.push({ name: k, from: overrides.get(k) ?? null, to: null });
    ops.push({ name: k, value: null });
  }
  if (changes.length === 0) return { topic, changes, configs: before };
  let refused;
  try {
    refused = await incrementalAlterConfigs(client, { type: RESOURCE_TOPIC, name: topic }, ops, opts.validateOnly ?? false);
  } catch (e) {
    throw kafkaFailure(e, client.config, `alter configs of topic '${topic}'`);
  }
  if (refused) {
    throw new KafkaError(`cannot change configs of topic '${topic}': ${refused.errorMessage ?? `the broker refused the configs (error ${refused.errorCode})`}`);
  }
  return { topic, changes, configs: opts.validateOnly ? before : await describeTopicConfigs(client, topic) };
}

/** The broker's num.partitions and default.replication.factor (what "-1" asks CreateTopics for). */
export async function brokerTopicDefaults(client: KafkaClient, brokerId: number): Promise<{ partitions: number; replicationFactor: number }> {
  const admin = await client.admin();
  try {
    const r = await admin.describeConfigs({
      resources: [{ type: RESOURCE_BROKER, name: String(brokerId), configNames: ['num.partitions', 'default.replication.factor'] }],
      includeSynonyms: false,
    });
    const get = (n: string, dflt: number) => Number(r.resources[0]?.configEntries.find((e) => e.configName === n)?.configValue ?? dflt);
    return { partitions: get('num.partitions', 1), replicationFactor: get('default.replication.factor', 1) };
  } catch (e) {
    throw kafkaFailure(e, client.config, 'read broker defaults');
  }
}
