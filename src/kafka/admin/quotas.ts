/**
 * `quota list|set|delete`: client quotas of users, client ids and IPs (DescribeClientQuotas / AlterClientQuotas,
 * through the protocol room), as kafka-configs --entity-type users|clients|ips. A dry run sends the change with
 * validateOnly, so the broker checks it without applying it.
 */
import { KafkaError } from '../../core/errors.js';
import { DEFAULT_ENTITY, type QuotaEntityType } from '../../core/cluster-state.js';
import { kafkaFailure, probe, type KafkaClient } from '../client/client.js';
import { send } from '../protocol/index.js';
import { createInternalCluster, errorText, READ_UNCOMMITTED, type InternalCluster } from '../protocol/kafkajs.js';

export type { QuotaEntityType };
/** Quota keys: the four quota set/delete take, and controller_mutation_rate (read by export, set by apply -f). */
export const QUOTA_KEYS = ['producer_byte_rate', 'consumer_byte_rate', 'request_percentage', 'connection_creation_rate', 'controller_mutation_rate'] as const;
export type QuotaKey = (typeof QUOTA_KEYS)[number];

/** One part of a quota entity; name null is the default entity (`<default>` in Apache's tools). */
export interface QuotaEntityPart {
  type: QuotaEntityType;
  name: string | null;
}

export interface QuotaEntry {
  entity: QuotaEntityPart[];
  values: Array<{ key: string; value: number }>;
}

async function withBroker<T>(client: KafkaClient, fn: (b: Awaited<ReturnType<InternalCluster['findBroker']>>) => Promise<T>): Promise<T> {
  const cluster = createInternalCluster(client.kafka, { isolationLevel: READ_UNCOMMITTED });
  try {
    await probe(client.config, async () => {
      await cluster.connect();
      await cluster.refreshMetadata();
    });
    const b = cluster.brokerPool.metadata.brokers[0];
    if (!b) throw new KafkaError('the cluster lists no broker');
    return await fn(await cluster.findBroker({ nodeId: b.nodeId }));
  } finally {
    await cluster.disconnect().catch(() => {});
  }
}

const ORDER: Record<QuotaEntityType, number> = { user: 0, 'client-id': 1, ip: 2 };
const entityText = (e: QuotaEntityPart[]) => e.map((p) => `${p.type}=${p.name ?? DEFAULT_ENTITY}`).join(',');

/** The quotas whose entity matches every part given (name null: the default entity); no parts: every quota. */
export async function listQuotas(client: KafkaClient, filter: QuotaEntityPart[]): Promise<QuotaEntry[]> {
  try {
    return await withBroker(client, async (broker) => {
      const components = filter.map((p) => ({ entityType: p.type, matchType: p.name === null ? 1 : 0, match: p.name }));
      const { response } = await send(broker, 'DescribeClientQuotas', { components, strict: false });
      if (response.errorCode) throw new KafkaError(`list quotas: ${response.errorMessage ?? errorText(response.errorCode)}`);
      return (response.entries ?? [])
        .map((e) => ({
          entity: e.entity.map((p) => ({ type: p.entityType as QuotaEntityType, name: p.entityName })).sort((a, b) => ORDER[a.type] - ORDER[b.type]),
          values: [...e.values].sort((a, b) => (a.key < b.key ? -1 : 1)),
        }))
        .sort((a, b) => (entityText(a.entity) < entityText(b.entity) ? -1 : 1));
    });
  } catch (e) {
    throw kafkaFailure(e, client.config, 'list quotas');
  }
}

/** Sets (value) or removes (null) quota keys of one entity; with execute false the broker only validates. */
export async function alterQuotas(client: KafkaClient, entity: QuotaEntityPart[], ops: Array<{ key: QuotaKey; value: number | null }>, execute: boolean): Promise<QuotaEntry> {
  const doing = `${ops.some((o) => o.value !== null) ? 'set' : 'delete'} quotas of ${entityText(entity)}`;
  try {
    await withBroker(client, async (broker) => {
      const request = {
        entries: [{ entity: entity.map((p) => ({ entityType: p.type, entityName: p.name })), ops: ops.map((o) => ({ key: o.key, value: o.value ?? 0, remove: o.value === null })) }],
        validateOnly: !execute,
      };
      const { response } = await send(broker, 'AlterClientQuotas', request);
      const bad = response.entries.find((r) => r.errorCode);
      if (bad) throw new KafkaError(`${doing}: ${bad.errorMessage ?? errorText(bad.errorCode)}`);
    });
  } catch (e) {
    throw kafkaFailure(e, client.config, doing);
  }
  return { entity, values: ops.map((o) => ({ key: o.key, value: o.value ?? NaN })) };
}
