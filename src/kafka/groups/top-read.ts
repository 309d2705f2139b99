/**
 * `kafka-cli top`: one read of the cluster for the live view: every topic with its partitions (leader, replicas,
 * ISR) and end offsets, and every consumer group with its lag, through one LagReader (one connection pool).
 */
import { LATEST, tpKey, type PartitionInfo } from '../client/session.js';
import type { GroupLag, LagReader } from './lag.js';

export interface TopPartitionSample extends PartitionInfo {
  /** The high watermark; null when the leader did not answer. */
  endOffset: bigint | null;
}

export interface TopTopicSample {
  name: string;
  partitions: TopPartitionSample[];
}

/** One read of the cluster: every topic with its end offsets, every group with its lag. */
export interface TopSample {
  /** When it was read (ms since the epoch). */
  time: number;
  topics: TopTopicSample[];
  groups: GroupLag[];
  /** Bytes per topic (the sum of its leader replicas, from the log dirs); a topic absent, or no map: not readable. */
  sizes?: ReadonlyMap<string, bigint> | null;
}

export interface TopReadOptions {
  /** Only these groups (empty: every group that consumes). */
  groups: string[];
  /** Only these topics, and the groups that consume them (empty: all). */
  topics: string[];
  /** Only topics and groups whose name matches. */
  regex?: RegExp;
  /** Also internal topics (names starting with `__`) when no --topic names them. */
  internal: boolean;
}

export async function readTopSample(reader: LagReader, o: TopReadOptions, refresh: boolean): Promise<TopSample> {
  const lag = await reader.read({ groups: o.groups, allGroups: o.groups.length === 0, topics: o.topics, time: false, tolerateMissing: true }, refresh);
  const groups = o.regex ? lag.groups.filter((g) => o.regex!.test(g.group)) : lag.groups;
  const s = reader.groupSession;
  // LagReader.read just refreshed the metadata: this is its cache.
  const meta = await s.topics(false);
  const consumed = new Set(groups.flatMap((g) => g.topics.map((t) => t.topic)));
  const names = [...meta.keys()]
    .filter((n) => {
      if (o.topics.length) return o.topics.includes(n);
      if (o.groups.length && !o.regex) return consumed.has(n);
      if (!o.internal && n.startsWith('__')) return false;
      return !o.regex || o.regex.test(n);
    })
    .sort();
  const tps = names.flatMap((topic) => meta.get(topic)!.map((p) => ({ topic, partition: p.partition })));
  const ends = tps.length ? await s.listOffsets(tps, LATEST) : new Map<string, bigint | null>();
  const topics = names.map((name) => ({
    name,
    partitions: meta.get(name)!.map((p) => ({ ...p, endOffset: ends.get(tpKey(name, p.partition)) ?? null })),
  }));
  return { time: lag.time, topics, groups };
}
