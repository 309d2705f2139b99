/**
 * kafkajs's error sentences in kafka-cli's words: each one a user can hit, mapped to a line that names the
 * broker and the likely cause. describeKafkaError (client.ts) asks this table first; a table test keeps it.
 */

/** What is known about the error (the whole cause chain) and about the connection it happened on. */
export interface ErrorFacts {
  /** kafkajs error class names along the cause chain (KafkaJSProtocolError, KafkaJSConnectionError, ...). */
  names: string[];
  /** Kafka protocol error types along the chain (ILLEGAL_SASL_STATE, ...). */
  types: string[];
  /** Node error codes along the chain (ECONNRESET, ...). */
  codes: string[];
  /** Every message along the chain, joined by ' | '. */
  text: string;
}

export interface ErrorScene {
  /** The brokers kafka-cli was given, comma-separated. */
  where: string;
  sasl?: { mechanism: string; username?: string };
  tls: boolean;
}

export interface ErrorRule {
  /** A stable name for the table test. */
  id: string;
  /** A kafkajs sentence this rule replaces (documentation, and the sample the table test feeds in). */
  kafkajs: string;
  matches(f: ErrorFacts): boolean;
  say(s: ErrorScene, f: ErrorFacts): string;
}

const type = (t: string) => (f: ErrorFacts) => f.types.includes(t);
const text = (re: RegExp) => (f: ErrorFacts) => re.test(f.text);

export const ERROR_RULES: ErrorRule[] = [
  {
    id: 'controller-listener',
    kafkajs: 'The Kafka server does not support the requested API version',
    // kafkajs found none of the APIs it needs in ApiVersions: a KRaft controller answers only controller APIs.
    matches: text(/does not support the requested API version|API Versions not supported/),
    say: (s) => `${s.where} does not answer as a Kafka broker: it looks like a KRaft controller listener (controller.listener.names), not a broker listener; use the broker's port (often 9092, not 9093)`,
  },
  {
    id: 'sasl-on-plaintext',
    kafkajs: 'Request is not valid given the current SASL state',
    matches: type('ILLEGAL_SASL_STATE'),
    say: (s) => `${s.where} does not speak SASL: kafka-cli sent a SASL${s.sasl ? ` ${s.sasl.mechanism.toUpperCase()}` : ''} handshake to a ${s.tls ? 'SSL' : 'PLAINTEXT'} listener (or a controller); drop --sasl-mechanism or use the SASL listener's port`,
  },
  {
    id: 'tls-on-plaintext',
    kafkajs: 'Connection error: Client network socket disconnected before secure TLS connection was established',
    matches: text(/disconnected before secure TLS connection was established/),
    say: (s) => `${s.where} closed the connection during the TLS handshake: the listener probably does not speak TLS (PLAINTEXT or SASL_PLAINTEXT); drop --tls/--tls-ca or use the TLS listener's port`,
  },
  {
    id: 'sasl-mechanism-not-enabled',
    kafkajs: 'The broker does not support the requested SASL mechanism',
    matches: type('UNSUPPORTED_SASL_MECHANISM'),
    say: (s) => `${s.where} does not enable SASL ${s.sasl?.mechanism.toUpperCase() ?? 'mechanism'} (sasl.enabled.mechanisms): try another --sasl-mechanism`,
  },
  {
    id: 'topic-authorization',
    kafkajs: 'Not authorized to access topics: [Topic authorization failed]',
    matches: type('TOPIC_AUTHORIZATION_FAILED'),
    say: (s) => `${s.where} refused: user '${s.sasl?.username ?? 'ANONYMOUS'}' is not allowed this on the topic (ACLs)`,
  },
  {
    id: 'group-authorization',
    kafkajs: 'Not authorized to access group: Group authorization failed',
    matches: type('GROUP_AUTHORIZATION_FAILED'),
    say: (s) => `${s.where} refused: user '${s.sasl?.username ?? 'ANONYMOUS'}' is not allowed this on the consumer group (ACLs)`,
  },
  {
    id: 'cluster-authorization',
    kafkajs: 'Cluster authorization failed',
    matches: type('CLUSTER_AUTHORIZATION_FAILED'),
    say: (s) => `${s.where} refused: user '${s.sasl?.username ?? 'ANONYMOUS'}' lacks a cluster permission for this (ACLs)`,
  },
  {
    id: 'transactional-id-authorization',
    kafkajs: 'Transactional Id authorization failed',
    matches: type('TRANSACTIONAL_ID_AUTHORIZATION_FAILED'),
    say: (s) => `${s.where} refused: user '${s.sasl?.username ?? 'ANONYMOUS'}' may not use this transactional id (ACLs)`,
  },
  {
    id: 'not-enough-replicas',
    kafkajs: 'Messages are rejected since there are fewer in-sync replicas than required',
    matches: type('NOT_ENOUGH_REPLICAS'),
    say: (s) => `${s.where} rejected the write: fewer in-sync replicas than min.insync.replicas (a broker is down or lagging); retry later or produce with --acks 1`,
  },
  {
    id: 'message-too-large',
    kafkajs: 'The request included a message larger than the max message size the server will accept',
    matches: (f) => f.types.includes('MESSAGE_TOO_LARGE') || f.types.includes('RECORD_LIST_TOO_LARGE'),
    say: (s) => `${s.where} rejected a message as too large (the topic's max.message.bytes, default about 1 MB): send smaller messages or raise max.message.bytes`,
  },
  {
    id: 'invalid-replication-factor',
    kafkajs: 'Replication-factor is invalid',
    matches: type('INVALID_REPLICATION_FACTOR'),
    say: (s) => `${s.where} refused the replication factor: it cannot be larger than the number of brokers (see: kafka-cli cluster)`,
  },
  {
    id: 'invalid-partitions',
    kafkajs: 'Number of partitions is invalid',
    matches: type('INVALID_PARTITIONS'),
    say: (s) => `${s.where} refused the number of partitions: it must be at least 1, and more than the topic has now when adding`,
  },
  {
    id: 'invalid-config',
    kafkajs: 'Configuration is invalid',
    matches: type('INVALID_CONFIG'),
    say: (s) => `${s.where} refused a config: unknown name or a value out of range (see: kafka-cli topic config <topic>)`,
  },
  {
    id: 'policy-violation',
    kafkajs: 'Request parameters do not satisfy the configured policy',
    matches: type('POLICY_VIOLATION'),
    say: (s) => `${s.where} refused by the cluster's create/alter policy (create.topic.policy.class.name): ask its operators which settings are allowed`,
  },
  {
    id: 'topic-deletion-disabled',
    kafkajs: 'Topic deletion is disabled',
    matches: type('TOPIC_DELETION_DISABLED'),
    say: (s) => `${s.where} has topic deletion turned off (delete.topic.enable=false)`,
  },
  {
    id: 'non-empty-group',
    kafkajs: 'The group is not empty',
    matches: type('NON_EMPTY_GROUP'),
    say: (s) => `${s.where} refused: the consumer group still has active members; stop its consumers first`,
  },
  {
    id: 'coordinator-not-available',
    kafkajs: 'The group coordinator is not available',
    matches: (f) => f.types.includes('GROUP_COORDINATOR_NOT_AVAILABLE') || f.types.includes('COORDINATOR_NOT_AVAILABLE') || /Failed to find group coordinator/.test(f.text),
    say: (s) => `${s.where} has no group coordinator available yet (the __consumer_offsets topic is starting or a broker is down); retry in a moment`,
  },
  {
    id: 'coordinator-loading',
    kafkajs: "The coordinator is loading and hence can't process requests for this group",
    matches: type('GROUP_LOAD_IN_PROGRESS'),
    say: (s) => `${s.where} is still loading the group's offsets (a broker just started); retry in a moment`,
  },
  {
    id: 'no-leader',
    kafkajs: 'There is no leader for this topic-partition as we are in the middle of a leadership election',
    matches: (f) => f.types.includes('LEADER_NOT_AVAILABLE') || /Could not find the leader for the partition/.test(f.text),
    say: (s) => `${s.where}: a partition has no leader right now (a broker is down or a leader election is running); retry in a moment`,
  },
  {
    id: 'broker-not-in-metadata',
    kafkajs: 'Broker 2 not found in the cached metadata',
    matches: text(/not found in the cached metadata|No brokers in the broker pool/),
    say: (s) => `${s.where} named a broker kafka-cli cannot find (it left the cluster); retry in a moment`,
  },
  {
    id: 'disconnected-before-response',
    kafkajs: 'The server disconnected before a response was received',
    matches: type('NETWORK_EXCEPTION'),
    say: (s) => `${s.where} disconnected before answering (a broker restarting or an overloaded network); retry in a moment`,
  },
  {
    id: 'broker-request-timeout',
    kafkajs: 'The request timed out',
    matches: type('REQUEST_TIMED_OUT'),
    say: (s) => `${s.where} did not finish the request in time (replicas slow to acknowledge); retry, or raise --timeout`,
  },
  {
    id: 'client-request-timeout',
    kafkajs: 'Request Metadata(key: 3, version: 6) timed out',
    matches: (f) => f.names.includes('KafkaJSRequestTimeoutError'),
    say: (s) => `${s.where} did not answer a request in time: the broker is overloaded or the address is not a Kafka listener; raise --timeout to wait longer`,
  },
  {
    id: 'advertised-listener',
    kafkajs: 'Connection error: getaddrinfo ENOTFOUND kafka-1.internal',
    // The bootstrap answered, then kafkajs followed an advertised address this machine cannot resolve.
    matches: (f) => f.codes.includes('ENOTFOUND') && /Connection error/.test(f.text),
    say: (s, f) => `cannot connect to ${s.where}: host '${/ENOTFOUND (\S+)/.exec(f.text)?.[1] ?? '?'}' not found (when it is a broker's advertised.listeners address, this machine cannot resolve it)`,
  },
  {
    id: 'unknown-error-code',
    kafkajs: 'Unknown error code 118',
    matches: text(/Unknown error code \d+/),
    say: (s, f) => `${s.where} answered Kafka error code ${/Unknown error code (\d+)/.exec(f.text)?.[1] ?? '?'}, newer than kafka-cli's client library knows (see https://kafka.apache.org/protocol#protocol_error_codes)`,
  },
];

/** The first rule's line for this error, or undefined when the table has none. */
export function inKafkaCliWords(f: ErrorFacts, s: ErrorScene): string | undefined {
  return ERROR_RULES.find((r) => r.matches(f))?.say(s, f);
}
