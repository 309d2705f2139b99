/**
 * The one door into kafkajs's private API. kafka-cli pins kafkajs to exactly 2.2.4 (package.json), a frozen
 * release (tulios/kafkajs#1603): the trade-off is a dependency on code kafkajs never promised to keep, against
 * things its public API cannot do (read partitions without joining a group, batch requests across topics and
 * groups, read the true high watermark, speak Kafka 4's requests). checkKafkajsVersion() refuses any other
 * release with one line; should kafkajs ever be upgraded, this list is what to check.
 *
 * What of kafkajs the protocol room uses, and why:
 * - the Kafka object's `private:Kafka:createCluster` factory (createInternalCluster), which builds the same
 *   Cluster its producer, consumer and admin use, with our connection settings (SASL, TLS, timeouts, logger);
 * - Cluster.connect/disconnect/refreshMetadata/addTargetTopic(s)/findBroker/findGroupCoordinator and
 *   brokerPool.metadata (session.ts, groups.ts, consume.ts, cluster.ts hold a Cluster and ask it for brokers);
 * - Broker.versions (the broker's ApiVersions answer, for version negotiation) and Broker.connectionPool.send
 *   (index.ts: every request of our own, encoded from Kafka's schemas);
 * - kafkajs/src/protocol/error's createErrorFromCode (protocolError, errorText: kafkajs's error types and texts);
 * - produce.ts (this room): replaces the module exports of kafkajs/src/protocol/requests/produce/v3..v7/request.js
 *   in require.cache and uses lookupCodec from kafkajs/src/protocol/message/compression: an exact, fast record
 *   encoder for produce (record-batch.ts). It checks the version and layout and throws when either differs: no
 *   fallback, and a placeholder that reaches kafkajs's own encoder makes it throw.
 */
import { createRequire } from 'node:module';
import type { Kafka } from 'kafkajs';
import { KafkaError } from '../../core/errors.js';

const require = createRequire(import.meta.url);

export const READ_UNCOMMITTED = 0;
export const READ_COMMITTED = 1;

/** The kafkajs release this room was written against (package.json pins it). */
export const KAFKAJS_VERSION = '2.2.4';
const NEEDS_2_2_4 = `kafka-cli needs kafkajs ${KAFKAJS_VERSION} exactly`;

let checkedVersion: string | undefined;

/** The installed kafkajs is the one this room was written for: one clear line otherwise, never silent misbehaviour. */
export function checkKafkajsVersion(read: () => string = installedKafkajsVersion): void {
  const found = checkedVersion ?? read();
  if (found !== KAFKAJS_VERSION) {
    throw new KafkaError(`installed kafkajs is ${found}, but ${NEEDS_2_2_4} (its private protocol layer is used): run npm install in kafka-cli's folder`);
  }
  checkedVersion = found;
}

function installedKafkajsVersion(): string {
  try {
    return (require('kafkajs/package.json') as { version: string }).version;
  } catch {
    return 'missing';
  }
}

/* ------------------------------------------------------------------ typings of the internal objects used */

export interface InternalBroker {
  nodeId?: number;
  /** The broker's ApiVersions answer: api key -> the versions it accepts (set once connected). */
  versions?: Record<number, { minVersion: number; maxVersion: number }> | null;
  /** Sends a kafkajs protocol request ({ request: { apiKey, apiVersion, apiName, encode }, response: { decode, parse } }). */
  connectionPool: { send(req: unknown): Promise<unknown>; host?: string; port?: number };
  disconnect(): Promise<void>;
}

export interface InternalPartitionMetadata {
  partitionErrorCode?: number;
  partitionId: number;
  /** -1 when the partition has no leader. */
  leader: number;
  replicas?: number[];
  isr?: number[];
  offlineReplicas?: number[];
}

export interface InternalTopicMetadata {
  topic: string;
  topicErrorCode: number;
  partitionMetadata: InternalPartitionMetadata[];
}

export interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /** Metadata for the target topics; every topic when there is none. */
  refreshMetadata(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  /** Adds target topics and refreshes metadata; throws (e.type UNKNOWN_TOPIC_OR_PARTITION) when one is missing. */
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  brokerPool: { metadata: { brokers: Array<{ nodeId: number }>; topicMetadata: InternalTopicMetadata[] } };
  findTopicPartitionMetadata(topic: string): InternalPartitionMetadata[];
  findBroker(q: { nodeId: number | string }): Promise<InternalBroker>;
  findGroupCoordinator(q: { groupId: string }): Promise<InternalBroker>;
}

/* ------------------------------------------------------------------ the cluster factory */

export interface InternalClusterOptions {
  isolationLevel: number;
  metadataMaxAge?: number;
}

/** A new kafkajs Cluster (its own connections) with the client's settings; never auto-creates topics. */
export function createInternalCluster(kafka: Kafka, o: InternalClusterOptions): InternalCluster {
  const sym = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  const create = sym && (kafka as unknown as Record<symbol, unknown>)[sym];
  if (typeof create !== 'function') throw new KafkaError(`internal: the kafkajs Kafka object has no cluster factory: ${NEEDS_2_2_4}`);
  return (create as (opts: Record<string, unknown>) => InternalCluster).call(kafka, {
    allowAutoTopicCreation: false,
    metadataMaxAge: o.metadataMaxAge ?? 300_000,
    isolationLevel: o.isolationLevel,
    maxInFlightRequests: null,
    instrumentationEmitter: null,
  });
}

/* ------------------------------------------------------------------ kafkajs/src modules */

interface Protocol {
  createErrorFromCode(code: number): Error;
}

let protocolModules: Protocol | undefined;

/** kafkajs's error table (the same module instance kafkajs uses). */
export function protocol(): Protocol {
  if (!protocolModules) {
    try {
      protocolModules = {
        createErrorFromCode: (require('kafkajs/src/protocol/error') as Pick<Protocol, 'createErrorFromCode'>).createErrorFromCode,
      };
    } catch (e) {
      throw new KafkaError(`internal: cannot load kafkajs's protocol modules (${(e as Error).message}): ${NEEDS_2_2_4}`);
    }
  }
  return protocolModules;
}

/** kafkajs's error for a protocol error code (type, retriable, message), as its own requests throw. */
export function protocolError(code: number): Error {
  return protocol().createErrorFromCode(code);
}

/** Kafka's text for a protocol error code. */
export function errorText(code: number): string {
  return protocol().createErrorFromCode(code).message;
}
