/**
 * Global setup: one real Kafka broker for the whole run, with PLAINTEXT, SASL_PLAINTEXT and SSL listeners,
 * started from the same code as `kafka-cli local start`. KAFKA_TEST_VERSION chooses its Apache Kafka version
 * (default: the project's default, DEFAULT_KAFKA_VERSION). KAFKA_BROKERS points the suite at a broker of yours
 * instead (SASL/TLS tests then need KAFKA_TEST_SASL_BROKERS / KAFKA_TEST_SSL_BROKERS and KAFKA_TEST_TLS_DIR;
 * set KAFKA_TEST_VERSION to its version).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { DEFAULT_KAFKA_VERSION, freePort, startBroker, stopBroker } from '../../src/local/broker.js';
import { makeTestTls } from '../helpers/tls.js';
import { TEST_USERS, type TestBroker } from '../helpers/test-users.js';

declare module 'vitest' {
  export interface ProvidedContext {
    broker: TestBroker;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const version = process.env.KAFKA_TEST_VERSION || DEFAULT_KAFKA_VERSION;
  if (process.env.KAFKA_BROKERS) {
    project.provide('broker', {
      bootstrap: process.env.KAFKA_BROKERS,
      sasl: process.env.KAFKA_TEST_SASL_BROKERS,
      ssl: process.env.KAFKA_TEST_SSL_BROKERS,
      tlsDir: process.env.KAFKA_TEST_TLS_DIR,
      external: true,
      version,
    });
    return async () => {};
  }
  const dir = mkdtempSync(join(tmpdir(), 'kafka-cli-test-broker-'));
  const tls = makeTestTls(join(dir, 'tls'));
  const ports = { plaintext: await freePort(), controller: await freePort(), sasl: await freePort(), ssl: await freePort() };
  const t0 = Date.now();
  const state = await startBroker({
    dir,
    version,
    ports,
    saslUsers: TEST_USERS,
    tls: { keystorePath: tls.keystorePath, keystorePassword: tls.keystorePassword },
    initialRebalanceDelayMs: 0,
    onProgress: (l) => process.stderr.write(`[test broker] ${l}\n`),
  });
  process.stderr.write(`[test broker] Kafka ${state.version} on ${state.bootstrap} (SASL ${ports.sasl}, SSL ${ports.ssl}) ready in ${Date.now() - t0} ms\n`);
  project.provide('broker', {
    bootstrap: state.bootstrap,
    sasl: `127.0.0.1:${ports.sasl}`,
    ssl: `127.0.0.1:${ports.ssl}`,
    controller: `127.0.0.1:${ports.controller}`,
    tlsDir: join(dir, 'tls'),
    external: false,
    version: state.version,
  });
  return async () => {
    await stopBroker(dir);
    rmSync(dir, { recursive: true, force: true });
  };
}
