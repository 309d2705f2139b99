/**
 * `topic diff`: the topics of two clusters side by side. Reads each cluster's topic metadata and, in one
 * DescribeConfigs request per cluster, every topic's configs; compares partition counts, replication factors
 * and the configs set on the topic (source DYNAMIC_TOPIC_CONFIG) on either side.
 */
import type { KafkaClient } from '../client/client.js';
import { kafkaFailure } from '../client/client.js';
import { fetchTopicsMetadata, listTopicNames } from '../client/topic-metadata.js';
import { isInternalTopic } from './topics.js';

const RESOURCE_TOPIC = 2;
const DYNAMIC_TOPIC_CONFIG = 1;

export interface TopicShape {
  name: string;
  partitions: number;
  replicationFactor: number;
  /** Every config's effective value (null: sensitive or unset). */
  configs: Map<string, string | null>;
  /** Names of the configs set on the topic itself. */
  overrides: Set<string>;
}

export interface ConfigDifference {
  name: string;
  /** The value on each side; `overridden` says whether it is set on the topic there (else a default). */
  source: { value: string | null; overridden: boolean } | null;
  target: { value: string | null; overridden: boolean } | null;
}

export interface TopicDifference {
  topic: string;
  partitions?: { source: number; target: number };
  replicationFactor?: { source: number; target: number };
  configs: ConfigDifference[];
}

export interface TopicDiff {
  onlyInSource: string[];
  onlyInTarget: string[];
  /** Topics on both sides that differ. */
  different: TopicDifference[];
  /** How many topics are on both sides and the same. */
  same: number;
}

/** The shapes of the topics whose name matches (a search, as `topic list --match`; internal topics left out). */
export async function readTopicShapes(client: KafkaClient, pattern?: RegExp): Promise<Map<string, TopicShape>> {
  const names = (await listTopicNames(client)).filter((n) => !isInternalTopic(n) && (!pattern || pattern.test(n))).sort();
  const out = new Map<string, TopicShape>();
  if (names.length === 0) return out;
  const metas = await fetchTopicsMetadata(client, names);
  const admin = await client.admin();
  let resources: Array<{ resourceName: string; configEntries: Array<{ configName: string; configValue: string | null; isSensitive: boolean; configSource?: number }> }>;
  try {
    resources = (await admin.describeConfigs({ resources: names.map((name) => ({ type: RESOURCE_TOPIC, name })), includeSynonyms: false })).resources;
  } catch (e) {
    throw kafkaFailure(e, client.config, 'describe topic configs');
  }
  const byName = new Map(resources.map((r) => [r.resourceName, r]));
  for (const m of metas) {
    const configs = new Map<string, string | null>();
    const overrides = new Set<string>();
    for (const e of byName.get(m.name)?.configEntries ?? []) {
      configs.set(e.configName, e.isSensitive ? null : (e.configValue ?? null));
      if (e.configSource === DYNAMIC_TOPIC_CONFIG) overrides.add(e.configName);
    }
    out.set(m.name, { name: m.name, partitions: m.partitions.length, replicationFactor: m.partitions.reduce((x, p) => Math.max(x, p.replicas.length), 0), configs, overrides });
  }
  return out;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Pure: what differs between the two sides. A config counts when it is set on the topic on either side and the values differ. */
export function diffTopics(source: Map<string, TopicShape>, target: Map<string, TopicShape>, opts: { ignoreReplication?: boolean } = {}): TopicDiff {
  const onlyInSource = [...source.keys()].filter((t) => !target.has(t)).sort(byText);
  const onlyInTarget = [...target.keys()].filter((t) => !source.has(t)).sort(byText);
  const different: TopicDifference[] = [];
  let same = 0;
  for (const name of [...source.keys()].filter((t) => target.has(t)).sort(byText)) {
    const a = source.get(name)!;
    const b = target.get(name)!;
    const d: TopicDifference = { topic: name, configs: [] };
    if (a.partitions !== b.partitions) d.partitions = { source: a.partitions, target: b.partitions };
    if (!opts.ignoreReplication && a.replicationFactor !== b.replicationFactor) d.replicationFactor = { source: a.replicationFactor, target: b.replicationFactor };
    for (const c of [...new Set([...a.overrides, ...b.overrides])].sort(byText)) {
      const va = a.configs.has(c) ? a.configs.get(c)! : undefined;
      const vb = b.configs.has(c) ? b.configs.get(c)! : undefined;
      if (va === vb) continue;
      d.configs.push({
        name: c,
        source: va === undefined ? null : { value: va, overridden: a.overrides.has(c) },
        target: vb === undefined ? null : { value: vb, overridden: b.overrides.has(c) },
      });
    }
    if (d.partitions || d.replicationFactor || d.configs.length) different.push(d);
    else same++;
  }
  return { onlyInSource, onlyInTarget, different, same };
}

export function hasDifference(d: TopicDiff): boolean {
  return d.onlyInSource.length > 0 || d.onlyInTarget.length > 0 || d.different.length > 0;
}
