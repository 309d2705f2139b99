/**
 * The suite's Schema Registry: Apicurio from Maven Central (src/local/registry.ts), started beside the broker.
 * The newest version the machine's Java runs (3.x on Java 21+, else 2.6 on Java 17);
 * KAFKA_TEST_REGISTRY_VERSION picks one, KAFKA_TEST_SCHEMA_REGISTRY points the suite at a registry of yours.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/local/broker.js';
import { startRegistry, stopRegistry } from '../../src/local/registry.js';
import type { TestRegistry } from '../helpers/registry.js';

export async function startTestRegistry(): Promise<{ registry: TestRegistry; stop: () => Promise<void> }> {
  if (process.env.KAFKA_TEST_SCHEMA_REGISTRY) {
    return { registry: { url: process.env.KAFKA_TEST_SCHEMA_REGISTRY, version: 'external', external: true }, stop: async () => {} };
  }
  const dir = mkdtempSync(join(tmpdir(), 'kafka-cli-test-registry-'));
  const t0 = Date.now();
  const s = await startRegistry({ dir, port: await freePort(), managementPort: await freePort(), version: process.env.KAFKA_TEST_REGISTRY_VERSION || undefined });
  process.stderr.write(`[test registry] Apicurio Registry ${s.version} on Java ${s.javaMajor} (${s.java}) at ${s.url}, ready in ${Date.now() - t0} ms\n`);
  return {
    registry: { url: s.url, version: s.version, external: false },
    stop: async () => {
      await stopRegistry(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
