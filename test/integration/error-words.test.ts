/** kafkajs's sentences never reach the user: the cases seen against a real broker, in kafka-cli's words. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { TEST_USERS, testBroker } from '../helpers/broker-info.js';
import { requireTool } from '../helpers/require-tool.js';

const b = testBroker();
const alice = TEST_USERS[1]!;
const sasl = ['--sasl-mechanism', 'scram-sha-256', '--sasl-username', alice.username, '--sasl-password', alice.password];

describe("integration: errors in kafka-cli's words", () => {
  it.skipIf(!requireTool('controller-listener'))('-b <controller port>: says it looks like a KRaft controller, not a broker listener', async () => {
    for (const cmd of [['topic', 'list'], ['produce', 'any-topic', '--value', 'v'], ['tail', 'any-topic', '-e']]) {
      const r = await runCli(['-b', b.controller!, ...cmd]);
      expect(r.code, cmd.join(' ')).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^kafka-cli: (read metadata of 'any-topic': )?${b.controller!.replace(/\./g, '\\.')} does not answer as a Kafka broker: it looks like a KRaft controller listener`));
      expect(r.stderr).not.toMatch(/does not support the requested API version/);
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    }
  });

  it.skipIf(!requireTool('sasl-listener'))('SASL settings against a plaintext listener, and no SASL against a SASL listener', async () => {
    const saslOnPlain = await runCli(['-b', b.bootstrap, ...sasl, 'topic', 'list']);
    expect(saslOnPlain.code).toBe(1);
    expect(saslOnPlain.stderr).toBe(`kafka-cli: ${b.bootstrap} does not speak SASL: kafka-cli sent a SASL SCRAM-SHA-256 handshake to a PLAINTEXT listener (or a controller); drop --sasl-mechanism or use the SASL listener's port\n`);
    const plainOnSasl = await runCli(['-b', b.sasl!, 'topic', 'list']);
    expect(plainOnSasl.code).toBe(1);
    expect(plainOnSasl.stderr).toBe(`kafka-cli: cannot connect to ${b.sasl}: the connection was closed (Closed connection); does the listener need SASL or TLS?\n`);
    // The right pairing works, so the two lines above are about the listener, not the broker.
    expect((await runCli(['-b', b.sasl!, ...sasl, 'topic', 'list'])).code).toBe(0);
  });

  it.skipIf(!requireTool('ssl-listener'))('TLS against a plaintext listener, and SASL without TLS against a TLS listener', async () => {
    const ca = join(b.tlsDir!, 'test-ca.pem');
    const tlsOnPlain = await runCli(['-b', b.bootstrap, '--tls-ca', ca, 'topic', 'list']);
    expect(tlsOnPlain.code).toBe(1);
    expect(tlsOnPlain.stderr).toBe(`kafka-cli: ${b.bootstrap} closed the connection during the TLS handshake: the listener probably does not speak TLS (PLAINTEXT or SASL_PLAINTEXT); drop --tls/--tls-ca or use the TLS listener's port\n`);
    const saslOnTls = await runCli(['-b', b.ssl!, ...sasl, 'topic', 'list']);
    expect(saslOnTls.code).toBe(1);
    expect(saslOnTls.stderr).toBe(`kafka-cli: cannot connect to ${b.ssl}: the connection was closed (Closed connection); the listener may want TLS (SSL or SASL_SSL): add --tls\n`);
  });
});
