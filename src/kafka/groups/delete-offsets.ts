/**
 * `group delete-offsets`: the committed offsets of some partitions of a group, removed (OffsetDelete, as Apache's
 * `kafka-consumer-groups --delete-offsets`) only when asked. Refused while the group consumes the topic.
 */
import { KafkaError, NotFound } from '../../core/errors.js';
import type { KafkaClient } from '../client/client.js';
import { missingTopicError, tpKey } from '../client/session.js';
import { errorText } from '../protocol/kafkajs.js';
import { GroupSession, type GroupDescription, type GroupType } from './groups.js';
import type { TopicSelection } from './reset-topics.js';
import { plural } from './reset-offsets.js';

const GROUP_SUBSCRIBED_TO_TOPIC = 86;
const NON_EMPTY_GROUP = 68;
const GROUP_ID_NOT_FOUND = 69;

export interface DeleteOffsetsOptions {
  group: string;
  topics: TopicSelection[];
  execute: boolean;
}

/**
 * planned: the dry run would delete it; deleted; no-commit: the group has no committed offset there (nothing to
 * delete); refused: the broker refused, the group subscribes to the topic; failed: another broker error.
 */
export type DeleteOffsetStatus = 'planned' | 'deleted' | 'no-commit' | 'refused' | 'failed';

export interface DeleteOffsetsRow {
  topic: string;
  partition: number;
  /** The committed offset that goes (null: none was committed). */
  committedOffset: bigint | null;
  status: DeleteOffsetStatus;
  error: string | null;
}

export interface DeleteOffsetsPlan {
  group: string;
  type: GroupType;
  state: string;
  executed: boolean;
  partitions: DeleteOffsetsRow[];
}

/** Full match of a member's topic pattern (Java's RE2J and JavaScript agree on the usual ones); a pattern JS cannot read matches nothing. */
function matches(regex: string, topic: string): boolean {
  try {
    return new RegExp(`^(?:${regex})$`).test(topic);
  } catch {
    return false;
  }
}

/** How many of the group's members subscribe to (or are assigned) the topic: the broker refuses the delete then. */
export function membersConsuming(desc: GroupDescription, topic: string): number {
  return desc.members.filter(
    (m) =>
      m.assignment.some((tp) => tp.topic === topic) ||
      (m.subscribedTopics ?? []).includes(topic) ||
      (m.subscribedTopicRegex ? matches(m.subscribedTopicRegex, topic) : false),
  ).length;
}

export function consumingError(group: string, topic: string, members: number, state: string): KafkaError {
  return new KafkaError(
    `group '${group}' is consuming topic '${topic}' (${plural(members, 'active member')} subscribed, state ${state}): ` +
      'its committed offsets can only be deleted while no consumer of the group subscribes to the topic; stop them first',
  );
}

/** Refuses, before sending anything, what the broker would refuse: an unknown group, a topic it consumes, a busy non-consumer group. */
function checkDeletable(desc: GroupDescription, committed: Map<string, bigint>, topics: TopicSelection[]): void {
  const g = desc.group;
  if (desc.state === 'Dead' && committed.size === 0) throw new NotFound(`group '${g}' not found`, 'group', [g]);
  if (desc.type === 'share') throw new KafkaError(`'${g}' is a share group: its start offsets are per topic (kafka-share-groups --delete-offsets); delete-offsets takes consumer groups`);
  if (desc.members.length > 0 && desc.type === 'classic' && desc.protocolType !== 'consumer') {
    throw new KafkaError(`group '${g}' has ${plural(desc.members.length, 'active member')} (protocol type ${desc.protocolType || 'none'}, state ${desc.state}): the broker deletes offsets of such a group only while it is empty`);
  }
  for (const t of topics) {
    const n = membersConsuming(desc, t.topic);
    if (n > 0) throw consumingError(g, t.topic, n, desc.state);
  }
}

/** What the broker answered for one partition, as a row status. */
function answered(row: DeleteOffsetsRow, errorCode: number | undefined): DeleteOffsetsRow {
  if (errorCode === undefined) return { ...row, status: 'failed', error: 'the broker did not answer for this partition' };
  if (errorCode === 0) return { ...row, status: row.committedOffset === null ? 'no-commit' : 'deleted' };
  if (errorCode === GROUP_SUBSCRIBED_TO_TOPIC) return { ...row, status: 'refused', error: 'the group subscribes to the topic' };
  return { ...row, status: 'failed', error: errorText(errorCode) };
}

/**
 * The plan (each chosen partition with its committed offset), and with `execute` one OffsetDelete for all of them.
 * Every topic and partition is checked first, so a missing one changes nothing.
 */
export async function deleteOffsets(client: KafkaClient, o: DeleteOffsetsOptions): Promise<DeleteOffsetsPlan> {
  const s = await GroupSession.open(client);
  try {
    const [[desc], committed, meta] = await Promise.all([s.describeGroups([o.group]), s.committedOffsets(o.group), s.topics()]);
    const missing = o.topics.filter((t) => !meta.has(t.topic)).map((t) => t.topic);
    if (missing.length) throw missingTopicError(missing);
    checkDeletable(desc!, committed, o.topics);
    const rows: DeleteOffsetsRow[] = o.topics.flatMap(({ topic, partitions }) => {
      const all = meta.get(topic)!.map((p) => p.partition);
      const unknown = (partitions ?? []).filter((p) => !all.includes(p));
      if (unknown.length) throw new KafkaError(`topic '${topic}' has no partition ${unknown.join(', ')} (it has ${all.length})`);
      return (partitions ?? all).map((partition) => {
        const committedOffset = committed.get(tpKey(topic, partition)) ?? null;
        return { topic, partition, committedOffset, status: committedOffset === null ? 'no-commit' : 'planned', error: null } satisfies DeleteOffsetsRow;
      });
    });
    const plan = { group: o.group, type: desc!.type, state: desc!.state, executed: o.execute, partitions: rows };
    if (!o.execute) return plan;
    const res = await s.deleteOffsets(o.group, rows);
    if (res.errorCode === GROUP_ID_NOT_FOUND) throw new NotFound(`group '${o.group}' not found`, 'group', [o.group]);
    if (res.errorCode === NON_EMPTY_GROUP) throw new KafkaError(`group '${o.group}' has active members: the broker deletes its offsets only while it is empty`);
    if (res.errorCode !== 0) throw new KafkaError(`delete offsets of group '${o.group}': ${errorText(res.errorCode)}`);
    const codes = new Map(res.partitions.map((p) => [tpKey(p.topic, p.partition), p.errorCode]));
    return { ...plan, partitions: rows.map((r) => answered(r, codes.get(tpKey(r.topic, r.partition)))) };
  } finally {
    await s.close();
  }
}
