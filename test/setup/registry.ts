/**
 * Global setup: the suite's Schema Registry, Apicurio from Maven Central (src/local/registry.ts). It is launched
 * here and left to start while the broker's setup runs (tests that use it wait in beforeAll: registryReady()).
 * The newest version the machine's Java runs (3.x on Java 21+, else 2.6 on Java 17); KAFKA_TEST_REGISTRY_VERSION
 * picks one, KAFKA_TEST_SCHEMA_REGISTRY points the suite at a registry of yours.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../src/local/broker.js';
import { launchRegistry, stopRegistry } from '../../src/local/registry.js';
import type { TestRegistry } from '../helpers/registry.js';

declare module 'vitest' {
  export interface ProvidedContext {
    registry: TestRegistry;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.KAFKA_TEST_SCHEMA_REGISTRY) {
    project.provide('registry', { url: process.env.KAFKA_TEST_SCHEMA_REGISTRY, version: process.env.KAFKA_TEST_REGISTRY_VERSION || 'external', external: true });
    return async () => {};
  }
  const dir = mkdtempSync(join(tmpdir(), 'kafka-cli-test-registry-'));
  const t0 = Date.now();
  const { state, ready } = launchRegistry({ dir, port: await freePort(), managementPort: await freePort(), version: process.env.KAFKA_TEST_REGISTRY_VERSION || undefined, timeoutMs: 180_000 });
  ready.then(
    () => process.stderr.write(`[test registry] Apicurio Registry ${state.version} on Java ${state.javaMajor} (${state.java}) at ${state.url}, ready in ${Date.now() - t0} ms\n`),
    (e: Error) => process.stderr.write(`[test registry] Apicurio Registry ${state.version} failed to start: ${e.message}\n`),
  );
  project.provide('registry', { url: state.url, version: state.version, external: false, pid: state.pid });
  return async () => {
    await ready.catch(() => {});
    await stopRegistry(dir);
    rmSync(dir, { recursive: true, force: true });
  };
}
