/**
 * Offset resets over several topics (`--topic a --topic b:0,2`, `--all-topics`): one plan per topic from
 * resetOffsets (groups.ts), merged. Every topic is planned before anything is committed, so a missing topic or
 * partition fails the whole run with nothing changed.
 */
import { KafkaError } from './errors.js';
import type { KafkaClient } from './client.js';
import { kafkaFailure } from './client.js';
import { resetOffsets, type ResetMode, type ResetPlan } from './groups.js';

export interface TopicSelection {
  topic: string;
  /** undefined: every partition. */
  partitions?: number[];
}

export interface ResetTopicsOptions {
  group: string;
  /** The topics to reset; ignored with allTopics. */
  topics: TopicSelection[];
  /** Every topic the group has committed offsets for. */
  allTopics: boolean;
  mode: ResetMode;
  execute: boolean;
}

/** The topics a group has committed offsets for, sorted. */
export async function committedTopics(client: KafkaClient, group: string): Promise<string[]> {
  const admin = await client.admin();
  try {
    const res = await admin.fetchOffsets({ groupId: group });
    return res.filter((t) => t.partitions.some((p) => BigInt(p.offset) >= 0n)).map((t) => t.topic).sort();
  } catch (e) {
    throw kafkaFailure(e, client.config, `read offsets of group '${group}'`);
  }
}

export async function resetOffsetsOfTopics(client: KafkaClient, o: ResetTopicsOptions): Promise<ResetPlan> {
  const selections: TopicSelection[] = o.allTopics ? (await committedTopics(client, o.group)).map((topic) => ({ topic })) : o.topics;
  if (selections.length === 0) throw new KafkaError(`group '${o.group}' has no committed offsets: --all-topics has nothing to reset (name the topic with --topic)`);
  const plans: ResetPlan[] = [];
  for (const s of selections) plans.push(await resetOffsets(client, { group: o.group, topic: s.topic, partitions: s.partitions, mode: o.mode, execute: false }));
  if (o.execute) {
    plans.length = 0;
    for (const s of selections) plans.push(await resetOffsets(client, { group: o.group, topic: s.topic, partitions: s.partitions, mode: o.mode, execute: true }));
  }
  return { group: o.group, type: plans[0]!.type, state: plans[0]!.state, executed: o.execute, partitions: plans.flatMap((p) => p.partitions) };
}
