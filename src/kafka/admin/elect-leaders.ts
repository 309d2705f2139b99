/**
 * `cluster elect-leaders`: preferred (or unclean) leader election (ElectLeaders, through the protocol room),
 * with each partition's leader read before and after so the report says what changed.
 */
import { KafkaError } from '../../core/errors.js';
import { kafkaFailure, probe, type KafkaClient } from '../client/client.js';
import { missingTopicError } from '../client/session.js';
import { send } from '../protocol/index.js';
import { createInternalCluster, errorText, READ_UNCOMMITTED, type InternalCluster } from '../protocol/kafkajs.js';

export interface ElectLeadersOptions {
  /** undefined: every partition of every topic. */
  topic?: string;
  /** Only these partitions of `topic`. */
  partitions?: number[];
  unclean: boolean;
}

export type ElectionOutcome = 'elected' | 'not-needed' | 'failed';

export interface ElectionRow {
  topic: string;
  partition: number;
  leaderBefore: number | null;
  leaderAfter: number | null;
  outcome: ElectionOutcome;
  /** Kafka's reason when the election failed. */
  error: string | null;
}

const ELECTION_NOT_NEEDED = 84;

function leaders(cluster: InternalCluster): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const t of cluster.brokerPool.metadata.topicMetadata) {
    for (const p of t.partitionMetadata) out.set(`${t.topic}\u0000${p.partitionId}`, p.leader >= 0 ? p.leader : null);
  }
  return out;
}

/** Pure: the outcome of one partition from its ElectLeaders error code. */
export function outcomeOf(errorCode: number): ElectionOutcome {
  return errorCode === 0 ? 'elected' : errorCode === ELECTION_NOT_NEEDED ? 'not-needed' : 'failed';
}

export async function electLeaders(client: KafkaClient, o: ElectLeadersOptions): Promise<ElectionRow[]> {
  const cluster = createInternalCluster(client.kafka, { isolationLevel: READ_UNCOMMITTED });
  try {
    await probe(client.config, () => cluster.connect());
    try {
      if (o.topic) await cluster.addMultipleTargetTopics([o.topic]);
      else await cluster.refreshMetadata();
    } catch (e) {
      if ((e as { type?: string }).type === 'UNKNOWN_TOPIC_OR_PARTITION') throw missingTopicError([o.topic!]);
      throw e;
    }
    if (o.topic && o.partitions) {
      const known = new Set(cluster.findTopicPartitionMetadata(o.topic).map((p) => p.partitionId));
      const missing = o.partitions.filter((p) => !known.has(p));
      if (missing.length) throw new KafkaError(`topic '${o.topic}' has no partition ${missing.join(', ')}`);
    }
    const before = leaders(cluster);
    const topicPartitions = o.topic
      ? [{ topic: o.topic, partitions: o.partitions ?? cluster.findTopicPartitionMetadata(o.topic).map((p) => p.partitionId).sort((a, b) => a - b) }]
      : null;
    const any = cluster.brokerPool.metadata.brokers[0];
    if (!any) throw new KafkaError('the cluster lists no broker');
    const broker = await cluster.findBroker({ nodeId: any.nodeId });
    const { response } = await send(broker, 'ElectLeaders', { electionType: o.unclean ? 1 : 0, topicPartitions, timeoutMs: Math.max(client.config.timeoutMs, 5000) });
    const top = (response as { errorCode?: number }).errorCode ?? 0;
    if (top !== 0) throw new KafkaError(`leader election refused: ${errorText(top)}`);
    await cluster.refreshMetadata();
    const after = leaders(cluster);
    const results = response.replicaElectionResults;
    return results
      .flatMap((t) =>
        t.partitionResult.map((p) => {
          const k = `${t.topic}\u0000${p.partitionId}`;
          const outcome = outcomeOf(p.errorCode);
          return { topic: t.topic, partition: p.partitionId, leaderBefore: before.get(k) ?? null, leaderAfter: after.get(k) ?? null, outcome, error: outcome === 'failed' ? (p.errorMessage ?? errorText(p.errorCode)) : null };
        }),
      )
      .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  } catch (e) {
    throw kafkaFailure(e, client.config, 'elect leaders');
  } finally {
    await cluster.disconnect().catch(() => {});
  }
}
