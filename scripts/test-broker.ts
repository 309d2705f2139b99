/**
 * A long-running copy of the test suite's broker (PLAINTEXT + SASL + SSL) for fast test iterations:
 *   npx tsx scripts/test-broker.ts start   # prints the env lines to export
 *   npx tsx scripts/test-broker.ts stop
 * With those variables set, `npx vitest run ...` uses this broker instead of starting one.
 */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { freePort, runningBroker, startBroker, stopBroker } from '../src/local/broker.js';
import { makeTestTls } from '../test/helpers/tls.js';
import { TEST_USERS } from '../test/helpers/test-users.js';

const dir = process.env.KAFKA_CLI_TEST_BROKER_DIR ?? join(tmpdir(), 'kafka-cli-dev-test-broker');
const cmd = process.argv[2] ?? 'start';

if (cmd === 'stop') {
  console.error((await stopBroker(dir)) ? 'stopped' : 'not running');
} else {
  let s = runningBroker(dir);
  if (!s) {
    const tls = makeTestTls(join(dir, 'tls'));
    s = await startBroker({
      dir,
      version: process.env.KAFKA_TEST_VERSION || undefined,
      ports: { plaintext: await freePort(), controller: await freePort(), sasl: await freePort(), ssl: await freePort() },
      saslUsers: TEST_USERS,
      tls: { keystorePath: tls.keystorePath, keystorePassword: tls.keystorePassword },
      initialRebalanceDelayMs: 0,
    });
  }
  console.log(`export KAFKA_BROKERS=${s.bootstrap}`);
  console.log(`export KAFKA_TEST_VERSION=${s.version}`);
  console.log(`export KAFKA_TEST_SASL_BROKERS=127.0.0.1:${s.ports.sasl}`);
  console.log(`export KAFKA_TEST_SSL_BROKERS=127.0.0.1:${s.ports.ssl}`);
  console.log(`export KAFKA_TEST_TLS_DIR=${join(dir, 'tls')}`);
}
