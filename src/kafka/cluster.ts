import type { KafkaClient } from './client.js';
import { kafkaFailure } from './client.js';

export interface BrokerInfo {
  id: number;
  host: string;
  port: number;
  isController: boolean;
}

export interface ClusterInfo {
  clusterId: string;
  controller: number | null;
  brokers: BrokerInfo[];
}

export async function describeCluster(client: KafkaClient): Promise<ClusterInfo> {
  const admin = await client.admin();
  try {
    const c = await admin.describeCluster();
    return {
      clusterId: c.clusterId,
      controller: c.controller ?? null,
      brokers: c.brokers
        .map((b) => ({ id: b.nodeId, host: b.host, port: b.port, isController: b.nodeId === c.controller }))
        .sort((a, b) => a.id - b.id),
    };
  } catch (e) {
    throw kafkaFailure(e, client.config, 'describe cluster');
  }
}
