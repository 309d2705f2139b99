/**
 * A PRIVATE broker for fault tests: its own temp dir and free ports, so a test can kill it (SIGKILL, as a crash),
 * stop it (SIGTERM) and restart it on the same ports and data. The shared test broker is never touched.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import type { Admin, Kafka } from 'kafkajs';
import { vi } from 'vitest';
import { freePort, killBroker as killInDir, portOpen, startBroker, stopBroker as stopInDir, type BrokerPorts } from '../../src/local/broker.js';
import { waitForLeaders } from './kafka.js';

export interface FaultBroker {
  dir: string;
  ports: BrokerPorts;
  bootstrap: string;
  /** Starts (or restarts) the broker on the same ports and data; resolves when it serves requests again. */
  start(): Promise<void>;
  /** SIGKILL, as a crash or a power cut would. */
  kill(): Promise<void>;
  /** SIGTERM (a clean shutdown). */
  stop(): Promise<void>;
  /** A kafkajs admin against this broker, connected for `fn`. */
  withAdmin<T>(fn: (admin: Admin) => Promise<T>): Promise<T>;
  kafka(): Kafka;
  /** Stops it and removes its dir. */
  dispose(): Promise<void>;
}

export async function startFaultBroker(): Promise<FaultBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-cli-fault-broker-'));
  const ports: BrokerPorts = { plaintext: await freePort(), controller: await freePort() };
  const bootstrap = `127.0.0.1:${ports.plaintext}`;
  let kafka: Kafka | undefined;
  const fb: FaultBroker = {
    dir,
    ports,
    bootstrap,
    async start() {
      // After a SIGKILL the old listener sockets are gone at once, but wait until the ports are really free.
      await vi.waitFor(
        async () => {
          if ((await portOpen(ports.plaintext)) || (await portOpen(ports.controller))) throw new Error(`ports ${ports.plaintext}, ${ports.controller} still in use`);
        },
        { timeout: 5000, interval: 100 },
      ).catch(() => {}); // as before: start anyway after 5 s (startBroker fails on a port really taken)
      await startBroker({
        dir,
        ports,
        initialRebalanceDelayMs: 0,
        heap: '512m',
        timeoutMs: 120_000,
        // A broker killed with SIGKILL stays registered with the (restarted, co-located) controller until its
        // session times out (9 s by default): the restarted broker cannot register before. Keep that short.
        extraConfig: { 'broker.session.timeout.ms': '2000', 'broker.heartbeat.interval.ms': '500' },
      });
      // "Kafka Server started" comes before the partitions are loaded after a crash: wait until metadata answers.
      await vi.waitFor(() => fb.withAdmin((a) => a.describeCluster()), { timeout: 60_000, interval: 200 });
    },
    async kill() {
      await killInDir(dir);
      await stopInDir(dir, 1000); // clears the state file
    },
    async stop() {
      await stopInDir(dir);
    },
    kafka() {
      kafka ??= new kafkajs.Kafka({
        clientId: 'kafka-cli-fault-tests',
        brokers: [bootstrap],
        logLevel: kafkajs.logLevel.NOTHING,
        retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 1000 },
        connectionTimeout: 3000,
      });
      return kafka;
    },
    async withAdmin(fn) {
      const admin = fb.kafka().admin();
      await admin.connect();
      try {
        return await fn(admin);
      } finally {
        await admin.disconnect();
      }
    },
    async dispose() {
      await stopInDir(dir, 10_000).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await fb.start();
  return fb;
}

/** Creates a topic on the fault broker and waits for its leaders. */
export async function createFaultTopic(fb: FaultBroker, topic: string, partitions: number): Promise<void> {
  await fb.withAdmin(async (a) => {
    await a.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }], waitForLeaders: false });
    await waitForLeaders(a, topic, partitions);
  });
}
