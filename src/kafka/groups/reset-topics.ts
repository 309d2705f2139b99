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
  /** Every topic the group has committed offsets for. */
  allTopics: boolean;
  mode: ResetMode;
  execute: boolean;
  /** Executing: called with (0, total partitions) before the commits and again as each topic's commit answers. */
  onProgress?: (done: number, total: number) => void;
}

/** The topics a group has offsets for (committed offsets; a share group's start offsets), sorted. */
export async function committedTopics(client: KafkaClient, group: string): Promise<string[]> {
  const s = await GroupSession.open(client);
  try {
    const [desc] = await s.describeGroups([group]);
    const keys = desc?.type === 'share' ? (await s.shareGroupOffsets(group)).keys() : (await s.committedOffsets(group)).keys();
    return [...new Set([...keys].map((k) => k.slice(0, k.lastIndexOf(TP_SEPARATOR))))].sort();
  } catch (e) {
    if (e instanceof KafkaError) throw e;
    throw kafkaFailure(e, client.config, `read offsets of group '${group}'`);
  } finally {
    await s.close();
  }
}

export async function resetOffsetsOfTopics(client: KafkaClient, o: ResetTopicsOptions): Promise<ResetPlan> {
  const selections: TopicSelection[] = o.allTopics ? (await committedTopics(client, o.group)).map((topic) => ({ topic })) : o.topics;
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
  return { group: o.group, type: plans[0]!.type, state: plans[0]!.state, executed: o.execute, partitions: plans.flatMap((p) => p.partitions) };
}
