/**
 * `broker config`: a broker's configs (or the cluster-wide dynamic defaults) with their sources, and
 * dynamic changes. Until IncrementalAlterConfigs is available (protocol room), changes are read-modify-write
 * with the legacy AlterConfigs, which replaces the whole dynamic set of the resource: refused when a
 * sensitive dynamic value (unreadable) would be erased.
 */
import { KafkaError, UsageError } from '../cli/errors.js';
import { kafkaFailure, type KafkaClient } from './client.js';
import { SOURCES, type ConfigChange, type TopicConfigEntry } from './configs.js';

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
  const overrides = new Map(before.filter((c) => c.source === dyn).map((c) => [c.name, c.value]));
  if (before.some((c) => c.source === dyn && c.sensitive)) {
    throw new UsageError(`${what(t)} has sensitive dynamic configs that cannot be read back; refusing a non-incremental update that would erase them`);
  }
  const next = new Map(overrides);
  const changes: ConfigChange[] = [];
  for (const [k, v] of set) {
    const from = overrides.get(k) ?? null;
    if (from !== v) changes.push({ name: k, from, to: v });
    next.set(k, v);
  }
  for (const k of unset) {
    if (!overrides.has(k)) continue;
    changes.push({ name: k, from: overrides.get(k) ?? null, to: null });
    next.delete(k);
  }
  if (changes.length === 0) return { target: t, changes, configs: before };
  const admin = await client.admin();
  try {
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: RESOURCE_BROKER, name: resourceName(t), configEntries: [...next].map(([name, value]) => ({ name, value: value ?? '' })) }] });
  } catch (e) {
    const type = (e as { type?: string }).type;
    const detail = (e as { message?: string }).message;
    if (type === 'INVALID_CONFIG' || type === 'INVALID_REQUEST') throw new KafkaError(`cannot change configs of ${what(t)}: the broker refused (${detail}); only dynamic broker configs can be changed`);
    throw kafkaFailure(e, client.config, `alter configs of ${what(t)}`);
  }
  return { target: t, changes, configs: await describeBrokerConfigs(client, t) };
}
