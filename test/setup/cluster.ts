/**
 * Global setup of the `cluster` test project (test/cluster/*.test.ts only): one local three-broker cluster
 * (a dedicated controller + 3 brokers, RF 3, min.insync.replicas 2) started once from the same code as
 * `kafka-cli local start --nodes 3`, on free ports. Each broker also has a SASL_PLAINTEXT listener, and the
 * cluster runs Kafka's StandardAuthorizer (PLAINTEXT clients are the super user ANONYMOUS; SASL users get
 * only what ACLs allow). The files of this project run one after the other (they kill and restart nodes).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../src/local/broker.js';
import { planCluster, startCluster, stopCluster } from '../../src/local/cluster.js';
import { TEST_USERS, type TestBroker } from '../helpers/test-users.js';
import type { TestCluster } from '../helpers/test-cluster-info.js';

declare module 'vitest' {
  export interface ProvidedContext {
    broker: TestBroker;
    cluster: TestCluster;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-cli-test-cluster-'));
  const brokerPorts = [];
  for (let i = 0; i < 3; i++) brokerPorts.push({ plaintext: await freePort(), sasl: await freePort() });
  const plan = planCluster({
    nodes: 3,
    port: brokerPorts[0]!.plaintext,
    brokerPorts,
    controllerPort: await freePort(),
    version: process.env.KAFKA_TEST_VERSION || undefined,
    initialRebalanceDelayMs: 0,
    saslUsers: TEST_USERS,
    extraConfig: {
      // A killed broker leaves the ISR after this long (default 9 s): keeps fault tests short.
      'broker.session.timeout.ms': '3000',
      'broker.heartbeat.interval.ms': '500',
      'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
      'super.users': 'User:ANONYMOUS;User:admin',
      'allow.everyone.if.no.acl.found': 'false',
    },
  });
  const t0 = Date.now();
  const s = await startCluster(dir, plan, (l) => process.stderr.write(`[test cluster] ${l}\n`));
  process.stderr.write(`[test cluster] Kafka ${s.version}, brokers ${s.bootstrap}, ready in ${Date.now() - t0} ms\n`);
  const brokers = plan.nodes
    .filter((n) => n.roles === 'broker')
    .map((n) => ({ id: n.id, address: `127.0.0.1:${n.ports.plaintext}`, sasl: `127.0.0.1:${n.ports.sasl}` }));
  project.provide('cluster', { dir, bootstrap: s.bootstrap, brokers, version: s.version });
  project.provide('broker', { bootstrap: s.bootstrap, sasl: brokers.map((b) => b.sasl).join(','), external: false, version: s.version });
  return async () => {
    await stopCluster(dir);
    rmSync(dir, { recursive: true, force: true });
  };
}
