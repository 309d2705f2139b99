/** The suite's Schema Registry (test/setup/registry.ts) and helpers to use it from tests. */
import { inject, vi } from 'vitest';
import { isAlive } from '../../src/local/broker.js';
import { createRegistryClient, type RegistryClient } from '../../src/schema/client.js';

export interface TestRegistry {
  /** The Confluent-compatible API URL. */
  url: string;
  version: string;
  external: boolean;
  /** The process the suite started (absent for an external registry). */
  pid?: number;
}

export function testRegistry(): TestRegistry {
  return inject('registry');
}

/** Env that points kafka-cli at the suite's registry. */
export function registryEnv(): Record<string, string> {
  return { KAFKA_SCHEMA_REGISTRY_URL: testRegistry().url };
}

export function registryClient(): RegistryClient {
  return createRegistryClient({ url: testRegistry().url, timeoutMs: 5000 });
}

/** Waits until the registry answers (the global setup only launches it, so it starts beside the broker). */
export async function registryReady(timeoutMs = 180_000): Promise<void> {
  const r = testRegistry();
  // Resolves 'exited' at once when the registry process is gone (no point waiting), 'ready' once it answers.
  const state = await vi
    .waitFor(
      async () => {
        if (r.pid !== undefined && !isAlive(r.pid)) return 'exited';
        await registryClient().config();
        return 'ready';
      },
      { timeout: timeoutMs, interval: 200 },
    )
    .catch((e: Error) => {
      throw new Error(`the test Schema Registry at ${r.url} is not ready after ${timeoutMs} ms: ${e.message}`);
    });
  if (state === 'exited') throw new Error(`the test Schema Registry exited during start-up (see the [test registry] line)`);
}
