/**
 * The protocol room: the one place that touches kafkajs's private objects (kafkajs.ts) and the only way
 * kafka-cli sends a request of its own. `send(broker, 'ListGroups', request)` picks the highest version both
 * kafka-cli (the schema in messages.generated.ts) and the broker (its ApiVersions answer) support, encodes it
 * from Kafka's message schema (schema.ts: classic and flexible versions), sends it on kafkajs's connection to
 * that broker (SASL, TLS and timeouts as configured) and decodes the answer.
 *
 * Framing over kafkajs: kafkajs writes request header v1 (size, key, version, correlation id, client id) and
 * then our body; a flexible request needs header v2, which is v1 plus an empty tagged-field section, so its body
 * starts with 0x00. A flexible response has header v1: one tagged-field section after the correlation id
 * (which kafkajs strips) to skip first. ApiVersions always answers with header v0.
 */
import { checkKafkajsVersion, type InternalBroker } from './kafkajs.js';
import { MESSAGES, type ApiName } from './messages.generated.js';
import type { ApiRequests, ApiResponses } from './messages.types.generated.js';
import { decodeMessage, encodeMessage, isFlexible, versionSpan, type Message } from './schema.js';
import { Reader } from './wire.js';

export type { ApiName } from './messages.generated.js';
export type { ApiRequests, ApiResponses } from './messages.types.generated.js';
export { API_ROUTES, type ApiTarget } from './messages.types.generated.js';
export type { Message } from './schema.js';
export type { InternalBroker, InternalCluster } from './kafkajs.js';

/** The first Kafka release that answers an API (for error text when a broker lacks it). */
const FIRST_RELEASE: Partial<Record<ApiName, string>> = {
  ConsumerGroupDescribe: '3.7 (KIP-848 consumer groups)',
  ShareGroupDescribe: '4.0 with share groups enabled (KIP-932)',
  DescribeShareGroupOffsets: '4.1 with share groups enabled (KIP-932)',
  AlterShareGroupOffsets: '4.1 with share groups enabled (KIP-932)',
  DeleteShareGroupOffsets: '4.1 with share groups enabled (KIP-932)',
  StreamsGroupDescribe: '4.1 with streams groups enabled (KIP-1071)',
  DescribeCluster: '2.8',
  DescribeQuorum: '2.7 (KRaft)',
  ElectLeaders: '2.4',
  DescribeUserScramCredentials: '2.7',
  AlterUserScramCredentials: '2.7',
  OffsetDelete: '2.4 (KIP-496)',
};

/** The broker does not speak this API (or no version kafka-cli knows). */
export class UnsupportedApi extends Error {
  constructor(
    readonly api: ApiName,
    broker: string,
  ) {
    const since = FIRST_RELEASE[api];
    super(`the broker ${broker} does not support ${api}${since ? ` (needs Kafka ${since})` : ''}`);
  }
}

export interface SendOptions {
  /** Cap the version (e.g. a decoder written for fewer versions). */
  maxVersion?: number;
  minVersion?: number;
  requestTimeoutMs?: number;
}

function brokerName(broker: InternalBroker): string {
  const pool = broker.connectionPool as { host?: string; port?: number };
  const id = broker.nodeId === undefined ? '' : `${broker.nodeId} `;
  return pool.host ? `${id}(${pool.host}:${pool.port})` : id.trim() || 'broker';
}

/** The version to send: the highest both sides support, or undefined when there is none. */
export function negotiate(api: ApiName, broker: { minVersion: number; maxVersion: number } | undefined, o: SendOptions = {}): number | undefined {
  if (!broker) return undefined;
  const [ourMin, ourMax] = versionSpan(MESSAGES[api].request.validVersions);
  const max = Math.min(ourMax, broker.maxVersion, o.maxVersion ?? Infinity);
  const min = Math.max(ourMin, broker.minVersion, o.minVersion ?? 0);
  return max >= min ? max : undefined;
}

/** The broker's version range for an API, from the ApiVersions answer kafkajs keeps per broker. */
export function brokerVersions(broker: InternalBroker, api: ApiName): { minVersion: number; maxVersion: number } | undefined {
  return broker.versions?.[MESSAGES[api].request.apiKey];
}

export function supports(broker: InternalBroker, api: ApiName, o: SendOptions = {}): boolean {
  return negotiate(api, brokerVersions(broker, api), o) !== undefined;
}

/** Request body bytes as they go on the wire after kafkajs's header v1 (header v2's tag section included). */
export function requestBody<A extends ApiName>(api: A, version: number, request: ApiRequests[A]): Buffer {
  const schema = MESSAGES[api].request;
  const body = encodeMessage(schema, version, request as unknown as Message);
  return isFlexible(schema, version) ? Buffer.concat([Buffer.from([0]), body]) : body;
}

/** Decodes a response payload as kafkajs hands it over (after the correlation id). */
export function decodeResponse<A extends ApiName>(api: A, version: number, payload: Buffer): ApiResponses[A] {
  const schema = MESSAGES[api].response;
  const r = new Reader(payload);
  if (isFlexible(schema, version) && api !== 'ApiVersions') {
    const tags = r.uvarint();
    for (let i = 0; i < tags; i++) {
      r.uvarint();
      r.raw(r.uvarint());
    }
  }
  // The decoder fills every field of the schema (a field the version lacks with its default): the generated type.
  return decodeMessage(schema, version, r) as ApiResponses[A];
}

/**
 * Sends one request to one broker and resolves to the decoded response (with the version used), both typed by
 * the API's name (messages.types.generated.ts; API_ROUTES says which broker should get it).
 */
export async function send<A extends ApiName>(broker: InternalBroker, api: A, request: ApiRequests[A], o: SendOptions = {}): Promise<{ version: number; response: ApiResponses[A] }> {
  return sendWith(broker, api, request, async (payload, version) => decodeResponse(api, version, payload), o);
}

/** Like send, with a decoder of its own for the response (Fetch: record batches). */
export async function sendWith<T, A extends ApiName = ApiName>(
  broker: InternalBroker,
  api: A,
  request: ApiRequests[A],
  decode: (payload: Buffer, version: number) => Promise<T>,
  o: SendOptions = {},
): Promise<{ version: number; response: T }> {
  checkKafkajsVersion();
  const version = negotiate(api, brokerVersions(broker, api), o);
  if (version === undefined) throw new UnsupportedApi(api, brokerName(broker));
  const body = requestBody(api, version, request);
  const apiKey = MESSAGES[api].request.apiKey;
  const response = (await broker.connectionPool.send({
    request: { apiKey, apiVersion: version, apiName: api, encode: async () => ({ buf: body, buffer: body }) },
    response: { decode: (payload: Buffer) => decode(payload, version), parse: async (d: T) => d },
    requestTimeout: o.requestTimeoutMs,
  })) as T;
  return { version, response };
}
