/** The suite's Schema Registry (test/setup/registry.ts) and helpers to use it from tests. */
import { inject } from 'vitest';
import { createRegistryClient, type RegistryClient } from '../../src/schema/client.js';

export interface TestRegistry {
  /** The Confluent-compatible API URL. */
  url: string;
  version: string;
  external: boolean;
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
