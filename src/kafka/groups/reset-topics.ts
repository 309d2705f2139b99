/**
 * Offset resets over several topics (`--topic a --topic b:0,2`, `--all-topics`): one plan per topic from
 * resetOffsets (reset-offsets.ts), merged. Every topic is planned before anything is committed, so a missing topic or
 * partition fails the whole run with nothing changed.
 */
import { KafkaError } from '../../core/errors.js';
import type { KafkaClient } from '../client/client.js';
import { kafkaFailure } from '../client/client.js';
import { GroupSession } from './groups.js';
import { resetOffsets, type ResetMode, type ResetPlan } from './reset-offsets.js';
import { TP_SEPARATOR } from '../client/session.js';

export interface TopicSelection {
  topic: string;
  /** undefined: every partition. */
  partitions?: number[];
}

export interface ResetTopicsOptions {
  group: string;
  /** The topics to reset; ignored with allTopics. */
  topics: TopicSelection[];
  /** Every partition the group has committed offsets for (as Apache's --all-topics). */
  allTopics: boolean;
  /** With allTopics: also the partitions of those topics that have no commit. */
  includeUncommitted?: boolean;
  mode: ResetMode;
  execute: boolean;
  /** Executing: called with (0, total partitions) before the commits and again as each topic's commit answers. */
  onProgress?: (done: number, total: number) => void;
}

/** The partitions a group has offsets for (committed offsets; a share group's start offsets), by topic, sorted. */
export async function committedPartitions(client: KafkaClient, group: string): Promise<TopicSelection[]> {
  const s = await GroupSession.open(client);
  try {
    const [desc] = await s.describeGroups([group]);
    const keys = desc?.type === 'share' ? (await s.shareGroupOffsets(group)).keys() : (await s.committedOffsets(group)).keys();
    const byTopic = new Map<string, number[]>();
    for (const k of keys) {
      const i = k.lastIndexOf(TP_SEPARATOR);
      const topic = k.slice(0, i);
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), Number(k.slice(i + TP_SEPARATOR.length))]);
    }
    return [...byTopic].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([topic, ps]) => ({ topic, partitions: ps.sort((a, b) => a - b) }));
  } catch (e) {
    if (e instanceof KafkaError) throw e;
    throw kafkaFailure(e, client.config, `read offsets of group '${group}'`);
  } finally {
    await s.close();
  }
}

export async function resetOffsetsOfTopics(client: KafkaClient, o: ResetTopicsOptions): Promise<ResetPlan> {
  const committed = o.allTopics ? await committedPartitions(client, o.group) : [];
  const selections: TopicSelection[] = o.allTopics ? committed.map((c) => (o.includeUncommitted ? { topic: c.topic } : c)) : o.topics;
  if (selections.length === 0) throw new KafkaError(`group '${o.group}' has no committed offsets: --all-topics has nothing to reset (name the topic with --topic)`);
  const plans: ResetPlan[] = [];
  for (const s of selections) plans.push(await resetOffsets(client, { group: o.group, topic: s.topic, partitions: s.partitions, mode: o.mode, execute: false }));
  if (o.execute) {
    const total = plans.reduce((n, p) => n + p.partitions.length, 0);
    let done = 0;
    o.onProgress?.(0, total);
    plans.length = 0;
    for (const s of selections) {
      plans.push(await resetOffsets(client, { group: o.group, topic: s.topic, partitions: s.partitions, mode: o.mode, execute: true }));
      done += plans[plans.length - 1]!.partitions.length;
      o.onProgress?.(done, total);
    }
  }
  const partitions = plans.flatMap((p) => p.partitions);
  const committedCount = committed.reduce((n, c) => n + (c.partitions?.length ?? 0), 0);
  const scope = o.allTopics ? { committed: committedCount, uncommitted: partitions.length - committedCount } : undefined;
  return { group: o.group, type: plans[0]!.type, state: plans[0]!.state, executed: o.execute, partitions, ...(scope ? { allTopics: scope } : {}) };
}
