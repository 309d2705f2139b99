/** The table of kafkajs sentences in kafka-cli's words: every rule is fed its own kafkajs sentence. */
import { describe, expect, it } from 'vitest';
import { ERROR_RULES } from '../../src/kafka/client/error-words.js';
import { describeKafkaError } from '../../src/kafka/client/client.js';
import type { ConnectionConfig } from '../../src/config/connection.js';

const conf: ConnectionConfig = { brokers: ['k1:9093'], clientId: 'c', timeoutMs: 5000, verbose: false, sasl: { mechanism: 'scram-sha-512', username: 'app', password: 'S3cret' } };

/** An error shaped as kafkajs throws it: a protocol error carries `type`, a connection error wraps a Node error. */
function kafkajsError(message: string, extra: { name?: string; type?: string; code?: string } = {}): Error {
  const e = Object.assign(new Error(message), { type: extra.type });
  e.name = extra.name ?? (extra.type ? 'KafkaJSProtocolError' : 'KafkaJSNonRetriableError');
  if (extra.code) Object.assign(e, { originalError: Object.assign(new Error(message.replace(/^Connection error: /, '')), { code: extra.code }) });
  return e;
}

const samples: Record<string, [Error, string]> = {
  'controller-listener': [kafkajsError('The Kafka server does not support the requested API version'), "k1:9093 does not answer as a Kafka broker: it looks like a KRaft controller listener (controller.listener.names), not a broker listener; use the broker's port (often 9092, not 9093)"],
  'sasl-on-plaintext': [kafkajsError('Request is not valid given the current SASL state', { type: 'ILLEGAL_SASL_STATE' }), "k1:9093 does not speak SASL: kafka-cli sent a SASL SCRAM-SHA-512 handshake to a PLAINTEXT listener (or a controller); drop --sasl-mechanism or use the SASL listener's port"],
  'tls-on-plaintext': [kafkajsError('Connection error: Client network socket disconnected before secure TLS connection was established', { name: 'KafkaJSConnectionError', code: 'ECONNRESET' }), "k1:9093 closed the connection during the TLS handshake: the listener probably does not speak TLS (PLAINTEXT or SASL_PLAINTEXT); drop --tls/--tls-ca or use the TLS listener's port"],
  'sasl-mechanism-not-enabled': [kafkajsError('The broker does not support the requested SASL mechanism', { type: 'UNSUPPORTED_SASL_MECHANISM' }), 'k1:9093 does not enable SASL SCRAM-SHA-512 (sasl.enabled.mechanisms): try another --sasl-mechanism'],
  'topic-authorization': [kafkajsError('Not authorized to access topics: [Topic authorization failed]', { type: 'TOPIC_AUTHORIZATION_FAILED' }), "k1:9093 refused: user 'app' is not allowed this on the topic (ACLs)"],
  'group-authorization': [kafkajsError('Not authorized to access group: Group authorization failed', { type: 'GROUP_AUTHORIZATION_FAILED' }), "k1:9093 refused: user 'app' is not allowed this on the consumer group (ACLs)"],
  'cluster-authorization': [kafkajsError('Cluster authorization failed', { type: 'CLUSTER_AUTHORIZATION_FAILED' }), "k1:9093 refused: user 'app' lacks a cluster permission for this (ACLs)"],
  'transactional-id-authorization': [kafkajsError('Transactional Id authorization failed', { type: 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED' }), "k1:9093 refused: user 'app' may not use this transactional id (ACLs)"],
  'not-enough-replicas': [kafkajsError('Messages are rejected since there are fewer in-sync replicas than required', { type: 'NOT_ENOUGH_REPLICAS' }), 'k1:9093 rejected the write: fewer in-sync replicas than min.insync.replicas (a broker is down or lagging); retry later or produce with --acks 1'],
  'message-too-large': [kafkajsError('The request included a message larger than the max message size the server will accept', { type: 'MESSAGE_TOO_LARGE' }), "k1:9093 rejected a message as too large (the topic's max.message.bytes, default about 1 MB): send smaller messages or raise max.message.bytes"],
  'invalid-replication-factor': [kafkajsError('Replication-factor is invalid', { type: 'INVALID_REPLICATION_FACTOR' }), 'k1:9093 refused the replication factor: it cannot be larger than the number of brokers (see: kafka-cli cluster)'],
  'invalid-partitions': [kafkajsError('Number of partitions is invalid', { type: 'INVALID_PARTITIONS' }), 'k1:9093 refused the number of partitions: it must be at least 1, and more than the topic has now when adding'],
  'invalid-config': [kafkajsError('Configuration is invalid', { type: 'INVALID_CONFIG' }), 'k1:9093 refused a config: unknown name or a value out of range (see: kafka-cli topic config <topic>)'],
  'policy-violation': [kafkajsError('Request parameters do not satisfy the configured policy', { type: 'POLICY_VIOLATION' }), "k1:9093 refused by the cluster's create/alter policy (create.topic.policy.class.name): ask its operators which settings are allowed"],
  'topic-deletion-disabled': [kafkajsError('Topic deletion is disabled', { type: 'TOPIC_DELETION_DISABLED' }), 'k1:9093 has topic deletion turned off (delete.topic.enable=false)'],
  'non-empty-group': [kafkajsError('The group is not empty', { type: 'NON_EMPTY_GROUP' }), 'k1:9093 refused: the consumer group still has active members; stop its consumers first'],
  'coordinator-not-available': [kafkajsError('The group coordinator is not available', { type: 'GROUP_COORDINATOR_NOT_AVAILABLE' }), 'k1:9093 has no group coordinator available yet (the __consumer_offsets topic is starting or a broker is down); retry in a moment'],
  'coordinator-loading': [kafkajsError("The coordinator is loading and hence can't process requests for this group", { type: 'GROUP_LOAD_IN_PROGRESS' }), "k1:9093 is still loading the group's offsets (a broker just started); retry in a moment"],
  'no-leader': [kafkajsError('There is no leader for this topic-partition as we are in the middle of a leadership election', { type: 'LEADER_NOT_AVAILABLE' }), 'k1:9093: a partition has no leader right now (a broker is down or a leader election is running); retry in a moment'],
  'broker-not-in-metadata': [kafkajsError('Broker 2 not found in the cached metadata', { name: 'KafkaJSBrokerNotFound' }), 'k1:9093 named a broker kafka-cli cannot find (it left the cluster); retry in a moment'],
  'disconnected-before-response': [kafkajsError('The server disconnected before a response was received', { type: 'NETWORK_EXCEPTION' }), 'k1:9093 disconnected before answering (a broker restarting or an overloaded network); retry in a moment'],
  'broker-request-timeout': [kafkajsError('The request timed out', { type: 'REQUEST_TIMED_OUT' }), 'k1:9093 did not finish the request in time (replicas slow to acknowledge); retry, or raise --timeout'],
  'client-request-timeout': [kafkajsError('Request Metadata(key: 3, version: 6) timed out', { name: 'KafkaJSRequestTimeoutError' }), 'k1:9093 did not answer a request in time: the broker is overloaded or the address is not a Kafka listener; raise --timeout to wait longer'],
  'advertised-listener': [kafkajsError('Connection error: getaddrinfo ENOTFOUND kafka-1.internal', { name: 'KafkaJSConnectionError', code: 'ENOTFOUND' }), "cannot connect to k1:9093: host 'kafka-1.internal' not found (when it is a broker's advertised.listeners address, this machine cannot resolve it)"],
  'unknown-error-code': [kafkajsError('Unknown error code 118', { type: 'KAFKAJS_UNKNOWN_ERROR_CODE' }), 'k1:9093 answered Kafka error code 118, newer than kafka-cli\'s client library knows (see https://kafka.apache.org/protocol#protocol_error_codes)'],
};

describe("kafkajs's sentences in kafka-cli's words (table)", () => {
  it('every rule has a sample here, and every sample a rule', () => {
    expect(Object.keys(samples).sort()).toEqual(ERROR_RULES.map((r) => r.id).sort());
  });

  it.each(ERROR_RULES.map((r) => [r.id, r] as const))('%s', (id, rule) => {
    const [err, line] = samples[id]!;
    expect(err.message).toBe(rule.kafkajs);
    const said = describeKafkaError(err, conf, true);
    expect(said).toBe(line);
    // No raw kafkajs sentence reaches the user, the broker is named, no secret is shown.
    expect(said).not.toContain(rule.kafkajs.replace(/^Connection error: /, ''));
    expect(said).toContain('k1:9093');
    expect(said).not.toContain('S3cret');
  });

  it('a rule matches the same sentence wrapped by kafkajs retries (cause chain)', () => {
    const inner = samples['sasl-on-plaintext']![0];
    const outer = Object.assign(new Error(inner.message), { name: 'KafkaJSNumberOfRetriesExceeded', originalError: inner });
    expect(describeKafkaError(outer, conf)).toBe(samples['sasl-on-plaintext']![1]);
  });
});
