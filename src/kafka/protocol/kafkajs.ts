/**
 * The one door into kafkajs's private API. kafka-cli pins kafkajs to exactly 2.2.4 (package.json), a frozen
 * release (tulios/kafkajs#1603): the trade-off is a dependency on code kafkajs never promised to keep, against
 * things its public API cannot do (read partitions without joining a group, batch requests across topics and
 * groups, read the true high watermark, encode records exactly). Frozen and pinned, this surface cannot move
 * under us; should kafkajs ever be upgraded, this list is what to check.
 *
 * Every touch point (file: what, why):
 * - internals.ts: the Kafka object's `private:Kafka:createCluster` factory, which builds the same Cluster its
 *   producer, consumer and admin use, with our connection settings (SASL, TLS, timeouts, retry, logger).
 * - session.ts (ClusterSession): Cluster.connect/disconnect/refreshMetadata/addMultipleTargetTopics,
 *   brokerPool.metadata (brokers, every topic's partitions and leaders from one Metadata request), findBroker;
 *   Broker.fetch (timestamps at offsets), and ListOffsets built with Broker.lookupRequest and sent with
 *   connectionPool.send (sendListOffsets below) so one partition's error does not fail the leader's whole
 *   request: kafkajs's admin asks one topic at a time and reads READ_COMMITTED (the last stable offset).
 * - groups.ts (GroupSession): Cluster.findGroupCoordinator; Broker.listGroups/describeGroups/offsetFetch/
 *   offsetCommit/deleteGroups: one request per broker or coordinator for many groups, and OffsetCommit with
 *   generation -1 (kafkajs's setOffsets joins the group with a throwaway consumer).
 * - consume.ts (tail without --group): Cluster.addTargetTopic/findTopicPartitionMetadata/findBroker;
 *   Broker.listOffsets (via offsets.ts), Broker.lookupRequest with the Fetch request encoder (apiKeys,
 *   requests) sent with connectionPool.send and decoded by fetch-wire.ts; createErrorFromCode for error
 *   text. kafkajs has no manual partition assignment (tulios/kafkajs#373).
 * - record-batch.ts: replaces the module exports of kafkajs/src/protocol/requests/produce/v3..v7/request.js in
 *   require.cache and uses lookupCodec from kafkajs/src/protocol/message/compression: an exact, fast record
 *   encoder for produce. It checks the layout itself and falls back to kafkajs's encoder when it differs.
 */
import { createRequire } from 'node:module';
import type { Kafka } from 'kafkajs';
import { KafkaError } from '../../cli/errors.js';

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

export interface ListOffsetsRequest {
  replicaId?: number;
  isolationLevel: number;
  /** timestamp: -1 latest, -2 earliest, or ms since the epoch (number or decimal string). */
  topics: Array<{ topic: string; partitions: Array<{ partition: number; timestamp: number | string }> }>;
}

export interface ListOffsetsResponse {
  /** offset: decimal string; '-1' when no message matches a timestamp. */
  responses: Array<{ topic: string; partitions: Array<{ partition: number; offset: string; errorCode?: number }> }>;
}

/** What a request builder from Broker.lookupRequest returns (a kafkajs protocol request). */
export interface ProtocolRequest {
  request: { apiVersion: number };
  response: { decode(payload: Buffer): Promise<unknown>; parse(data: unknown): Promise<unknown> };
  requestTimeout?: number;
}

export interface InternalBroker {
  nodeId?: number;
  /** The broker's ApiVersions answer: api key -> the versions it accepts (set once connected). */
  versions?: Record<number, { minVersion: number; maxVersion: number }> | null;
  lookupRequest(apiKey: number, definition: unknown): (args: Record<string, unknown>) => ProtocolRequest;
  connectionPool: { send(req: unknown): Promise<unknown> };
  disconnect(): Promise<void>;
  /** Throws on the first partition error (kafkajs parses the response that way); see sendListOffsets. */
  listOffsets(req: ListOffsetsRequest): Promise<ListOffsetsResponse>;
  listGroups(): Promise<{ groups: Array<{ groupId: string; protocolType: string }> }>;
  describeGroups(r: { groupIds: string[] }): Promise<{ groups: InternalGroup[] }>;
  offsetFetch(r: { groupId: string; topics: Array<{ topic: string; partitions: Array<{ partition: number }> }> }): Promise<{
    errorCode?: number;
    responses: Array<{ topic: string; partitions: Array<{ partition: number; offset: string; errorCode: number }> }>;
  }>;
  offsetCommit(r: {
    groupId: string;
    groupGenerationId: number;
    memberId: string;
    topics: Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>;
  }): Promise<{ responses: Array<{ topic: string; partitions: Array<{ partition: number; errorCode: number }> }> }>;
  deleteGroups(ids: string[]): Promise<{ results: Array<{ groupId: string; errorCode: number; error?: { type?: string } }> }>;
  fetch(r: {
    isolationLevel: number;
    maxWaitTime: number;
    minBytes: number;
    maxBytes: number;
    topics: Array<{ topic: string; partitions: Array<{ partition: number; fetchOffset: string; maxBytes: number }> }>;
  }): Promise<{
    responses: Array<{
      topicName: string;
      partitions: Array<{ partition: number; errorCode: number; messages: Array<{ offset: string; timestamp: string; isControlRecord?: boolean }> }>;
    }>;
  }>;
}

export interface InternalGroup {
  errorCode: number;
  groupId: string;
  state: string;
  protocolType: string;
  protocol: string;
  members: Array<{ memberId: string; clientId: string; clientHost: string; memberAssignment: Buffer }>;
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
  apiKeys: { Fetch: number; ListOffsets: number };
  requests: { Fetch: unknown; ListOffsets: unknown };
  createErrorFromCode(code: number): Error;
}

let protocolModules: Protocol | undefined;

/** kafkajs's request keys, request definitions and error table (the same module instances kafkajs uses). */
export function protocol(): Protocol {
  if (!protocolModules) {
    try {
      protocolModules = {
        apiKeys: require('kafkajs/src/protocol/requests/apiKeys') as Protocol['apiKeys'],
        requests: (require('kafkajs/src/protocol/requests') as { requests: Protocol['requests'] }).requests,
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
