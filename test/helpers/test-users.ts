/** Users known to the test broker's SASL listener (the first is the broker's own). No vitest import: globalSetup uses it. */
export const TEST_USERS = [
  { username: 'admin', password: 'admin-secret' },
  { username: 'alice', password: 'alice-secret-Zq9' },
];

export interface TestBroker {
  /** PLAINTEXT bootstrap address. */
  bootstrap: string;
  /** SASL_PLAINTEXT listener (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512), when available. */
  sasl?: string;
  /** SSL listener, when available; its CA and an unrelated CA are in tlsDir (test-ca.pem, other-ca.pem). */
  ssl?: string;
  tlsDir?: string;
  /** The KRaft controller listener (not a broker listener), when the tests started the broker. */
  controller?: string;
  external: boolean;
  /** The broker's Apache Kafka version (KAFKA_TEST_VERSION, default the project's default); for an external broker, KAFKA_TEST_VERSION or the default. */
  version: string;
}
