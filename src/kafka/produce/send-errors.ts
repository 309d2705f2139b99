/** Why a produce request failed, in kafka-cli's words, naming the partitions when the cause is theirs. */
import type { ConnectionConfig } from '../../core/connection.js';
import { describeKafkaError } from '../client/client.js';

const REPLICA_ERRORS = new Set(['NOT_ENOUGH_REPLICAS', 'NOT_ENOUGH_REPLICAS_AFTER_APPEND']);

function errorType(e: unknown): string | undefined {
  for (let cur = e as { type?: string; originalError?: unknown; cause?: unknown } | undefined, i = 0; cur && i < 6; i++) {
    if (cur.type) return cur.type;
    cur = (cur.originalError ?? cur.cause) as typeof cur;
  }
  return undefined;
}

export function sendFailureText(e: unknown, config: ConnectionConfig, topic: string, partitions: number[]): string {
  if (REPLICA_ERRORS.has(errorType(e) ?? '')) {
    const list = [...partitions].sort((a, b) => a - b).join(',');
    return `not enough in-sync replicas for partition${partitions.length === 1 ? '' : 's'} ${list} of '${topic}': fewer replicas are in sync than its min.insync.replicas (are brokers down?)`;
  }
  return describeKafkaError(e, config);
}
