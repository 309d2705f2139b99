/**
 * `user list|create|delete`: SCRAM credentials (DescribeUserScramCredentials / AlterUserScramCredentials,
 * through the protocol room). The password never leaves this machine: kafka-cli sends a random salt and the
 * salted password (PBKDF2 = SCRAM's Hi(), RFC 5802), as Kafka's own tools do.
 */
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { KafkaError } from '../../core/errors.js';
import { kafkaFailure, probe, type KafkaClient } from '../client/client.js';
import { send, type ApiRequests } from '../protocol/index.js';
import { createInternalCluster, errorText, READ_UNCOMMITTED, type InternalCluster } from '../protocol/kafkajs.js';

import { MECHANISMS, DEFAULT_ITERATIONS, type ScramMechanism, type ScramUser } from './scram-types.js';

export * from './scram-types.js';
/** Kafka's codes for the mechanisms (ScramMechanism.java). */
const MECHANISM_CODE: Record<ScramMechanism, number> = { 'scram-sha-256': 1, 'scram-sha-512': 2 };
const HASH: Record<ScramMechanism, { digest: string; bytes: number }> = { 'scram-sha-256': { digest: 'sha256', bytes: 32 }, 'scram-sha-512': { digest: 'sha512', bytes: 64 } };
const RESOURCE_NOT_FOUND = 91;

/** Pure: SCRAM's salted password, Hi(password, salt, i) = PBKDF2-HMAC. */
export function saltedPassword(password: string, salt: Buffer, iterations: number, mechanism: ScramMechanism): Buffer {
  const h = HASH[mechanism];
  return pbkdf2Sync(Buffer.from(password.normalize('NFKC'), 'utf8'), salt, iterations, h.bytes, h.digest);
}

async function withCluster<T>(client: KafkaClient, fn: (c: InternalCluster) => Promise<T>): Promise<T> {
  const cluster = createInternalCluster(client.kafka, { isolationLevel: READ_UNCOMMITTED });
  try {
    await probe(client.config, async () => {
      await cluster.connect();
      await cluster.refreshMetadata();
    });
    return await fn(cluster);
  } finally {
    await cluster.disconnect().catch(() => {});
  }
}

async function anyBroker(cluster: InternalCluster) {
  const b = cluster.brokerPool.metadata.brokers[0];
  if (!b) throw new KafkaError('the cluster lists no broker');
  return cluster.findBroker({ nodeId: b.nodeId });
}

/** Every SCRAM user (or those named), sorted. A named user with no credentials is left out. */
export async function listScramUsers(client: KafkaClient, names?: string[]): Promise<ScramUser[]> {
  try {
    return await withCluster(client, async (cluster) => {
      const { response } = await send(await anyBroker(cluster), 'DescribeUserScramCredentials', { users: names ? names.map((name) => ({ name })) : null });
      if (response.errorCode) throw new KafkaError(`list SCRAM users: ${response.errorMessage ?? errorText(response.errorCode)}`);
      const results = response.results;
      const bad = results.find((r) => r.errorCode && r.errorCode !== RESOURCE_NOT_FOUND);
      if (bad) throw new KafkaError(`list SCRAM users: ${bad.errorMessage ?? errorText(bad.errorCode)}`);
      return results
        .filter((r) => !r.errorCode)
        .map((r) => ({
          name: r.user,
          credentials: r.credentialInfos
            .map((c) => ({ mechanism: MECHANISMS[c.mechanism - 1] ?? ('unknown' as ScramMechanism), iterations: c.iterations }))
            .sort((a, b) => (a.mechanism < b.mechanism ? -1 : 1)),
        }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    });
  } catch (e) {
    throw kafkaFailure(e, client.config, 'list SCRAM users');
  }
}

async function alter(client: KafkaClient, request: ApiRequests['AlterUserScramCredentials'], doing: string): Promise<void> {
  try {
    await withCluster(client, async (cluster) => {
      const { response } = await send(await anyBroker(cluster), 'AlterUserScramCredentials', request);
      const bad = response.results.find((r) => r.errorCode);
      if (bad) throw new KafkaError(`${doing}: ${bad.errorMessage ?? errorText(bad.errorCode)}`);
    });
  } catch (e) {
    throw kafkaFailure(e, client.config, doing);
  }
}

/** Creates the user's credentials (or replaces its password) for each mechanism. */
export async function upsertScramUser(client: KafkaClient, name: string, password: string, mechanisms: ScramMechanism[], iterations = DEFAULT_ITERATIONS): Promise<ScramUser> {
  // Kafka refuses two changes to one user in one request: one request per mechanism.
  for (const m of mechanisms) {
    const salt = randomBytes(32);
    const upsertion = { name, mechanism: MECHANISM_CODE[m], iterations, salt, saltedPassword: saltedPassword(password, salt, iterations, m) };
    await alter(client, { deletions: [], upsertions: [upsertion] }, `create SCRAM user '${name}'`);
  }
  return { name, credentials: mechanisms.map((mechanism) => ({ mechanism, iterations })) };
}

/** Deletes the user's credentials for the given mechanisms (default: every one it has). */
export async function deleteScramUser(client: KafkaClient, name: string, mechanisms?: ScramMechanism[]): Promise<ScramUser> {
  const [existing] = await listScramUsers(client, [name]);
  if (!existing) throw new KafkaError(`no SCRAM user '${name}'`);
  const gone = mechanisms ? existing.credentials.filter((c) => mechanisms.includes(c.mechanism)) : existing.credentials;
  if (gone.length === 0) throw new KafkaError(`user '${name}' has no ${mechanisms!.join('/')} credentials`);
  for (const c of gone) await alter(client, { deletions: [{ name, mechanism: MECHANISM_CODE[c.mechanism] }], upsertions: [] }, `delete SCRAM user '${name}'`);
  return { name, credentials: gone };
}
