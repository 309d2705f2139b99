/**
 * `broker config`: a broker's configs (or the cluster-wide dynamic defaults) with their sources (DescribeConfigs
 * through kafkajs), and dynamic changes with IncrementalAlterConfigs (protocol room): only the keys named are
 * set or deleted, every other dynamic config (sensitive ones included) stays as it was.
 */
import { KafkaError, UsageError } from '../../core/errors.js';
import { kafkaFailure, probe, type KafkaClient } from '../client/client.js';
import { SOURCES, type ConfigChange, type TopicConfigEntry } from './configs.js';
import { send } from '../protocol/index.js';
import { createInternalCluster, READ_UNCOMMITTED } from '../protocol/kafkajs.js';

const RESOURCE_TOPIC = 2;
const RESOURCE_BROKER = 4;

export type BrokerConfigEntry = TopicConfigEntry;

/** A broker id, or the cluster-wide default (`--default`: the empty resource name). */
export type BrokerTarget = { kind: 'broker'; id: number } | { kind: 'default' };

const resourceName = (t: BrokerTarget) => (t.kind === 'default' ? '' : String(t.id));
const what = (t: BrokerTarget) => (t.kind === 'default' ? 'the cluster-wide broker defaults' : `broker ${t.id}`);
/** The source a dynamic change on this target writes. */
const dynamicSource = (t: BrokerTarget) => (t.kind === 'default' ? 'DYNAMIC_DEFAULT_BROKER_CONFIG' : 'DYNAMIC_BROKER_CONFIG');

async function checkBroker(client: KafkaClient, t: BrokerTarget): Promise<void> {
  if (t.kind === 'default') return;
  const admin = await client.admin();
  let ids: number[];
  try {
    ids = (await admin.describeCluster()).brokers.map((b) => b.nodeId).sort((a, b) => a - b);
  } catch (e) {
    throw kafkaFailure(e, client.config, 'describe cluster');
  }
  if (!ids.includes(t.id)) throw new KafkaError(`no broker ${t.id} in the cluster (brokers: ${ids.join(', ')})`);
}

/** Every config of the broker, sorted by name; sensitive values are null (never read, never printed). */
export async function describeBrokerConfigs(client: KafkaClient, t: BrokerTarget): Promise<BrokerConfigEntry[]> {
  await checkBroker(client, t);
  const admin = await client.admin();
  try {
    const r = await admin.describeConfigs({ resources: [{ type: RESOURCE_BROKER, name: resourceName(t) }], includeSynonyms: false });
    return (r.resources[0]?.configEntries ?? [])
      .map((e) => {
        const source = SOURCES[(e as { configSource?: number }).configSource ?? -1] ?? (e.isDefault ? 'DEFAULT_CONFIG' : 'UNKNOWN');
        return { name: e.configName, value: e.isSensitive ? null : (e.configValue ?? null), source, isDefault: source === 'DEFAULT_CONFIG', readOnly: e.readOnly, sensitive: e.isSensitive };
      })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (e) {
    throw kafkaFailure(e, client.config, `describe configs of ${what(t)}`);
  }
}

const OP_SET = 0;
const OP_DELETE = 1;

export interface ConfigOp {
  name: string;
  configOperation: number;
  value: string | null;
}

export const SET = (name: string, value: string): ConfigOp => ({ name, configOperation: OP_SET, value });
export const DELETE = (name: string): ConfigOp => ({ name, configOperation: OP_DELETE, value: null });

/**
 * IncrementalAlterConfigs of several resources: a broker's own configs go to that broker, everything else
 * (topics, the cluster-wide broker default) to any broker. Only the keys named change.
 */
export async function incrementalAlterConfigs(client: KafkaClient, resources: Array<{ type: 'broker' | 'topic'; name: string; ops: ConfigOp[] }>, doing: string): Promise<void> {
  const cluster = createInternalCluster(client.kafka, { isolationLevel: READ_UNCOMMITTED });
  try {
    await probe(client.config, async () => {
      await cluster.connect();
      await cluster.refreshMetadata();
    });
    const anyId = cluster.brokerPool.metadata.brokers[0]!.nodeId;
    for (const r of resources) {
      const nodeId = r.type === 'broker' && r.name !== '' ? Number(r.name) : anyId;
      const { response } = await send(await cluster.findBroker({ nodeId }), 'IncrementalAlterConfigs', {
        resources: [{ resourceType: r.type === 'broker' ? RESOURCE_BROKER : RESOURCE_TOPIC, resourceName: r.name, configs: r.ops }],
        validateOnly: false,
      });
      const bad = response.responses.find((x) => x.errorCode);
      if (bad) throw new KafkaError(`${doing}: ${bad.errorMessage ?? `error ${bad.errorCode}`}`);
    }
  } catch (e) {
    throw kafkaFailure(e, client.config, doing);
  } finally {
    await cluster.disconnect().catch(() => {});
  }
}

export interface AlterBrokerConfigsResult {
  target: BrokerTarget;
  changes: ConfigChange[];
  configs: BrokerConfigEntry[];
}

export async function alterBrokerConfigs(client: KafkaClient, t: BrokerTarget, set: Array<[string, string]>, unset: string[]): Promise<AlterBrokerConfigsResult> {
  const before = await describeBrokerConfigs(client, t);
  const dyn = dynamicSource(t);
  const known = new Set(before.map((c) => c.name));
  for (const [k] of set) if (!known.has(k)) throw new UsageError(`unknown broker config '${k}'`);
  for (const k of unset) if (!known.has(k)) throw new UsageError(`unknown broker config '${k}'`);
  const current = new Map(before.filter((c) => c.source === dyn).map((c) => [c.name, c]));
  const secret = new Set(before.filter((c) => c.sensitive).map((c) => c.name));
  // What is shown: a sensitive value (a password) is never echoed back.
  const shown = (k: string, v: string | null) => (v !== null && secret.has(k) ? '(sensitive)' : v);
  const ops: ConfigOp[] = [];
  const changes: ConfigChange[] = [];
  for (const [k, v] of set) {
    const c = current.get(k);
    if (c && !c.sensitive && c.value === v) continue;
    ops.push({ name: k, configOperation: OP_SET, value: v });
    changes.push({ name: k, from: c ? shown(k, c.value ?? '') : null, to: shown(k, v) });
  }
  for (const k of unset) {
    if (!current.has(k)) continue;
    ops.push({ name: k, configOperation: OP_DELETE, value: null });
    changes.push({ name: k, from: shown(k, current.get(k)!.value ?? ''), to: null });
  }
  if (ops.length === 0) return { target: t, changes, configs: before };
  await incrementalAlterConfigs(client, [{ type: 'broker', name: resourceName(t), ops }], `cannot change configs of ${what(t)}`);
  return { target: t, changes, configs: await describeBrokerConfigs(client, t) };
}
