/** The Schema Registry beside the local broker (`local start --schema-registry`): kept apart so start/status/stop stay small. */
import { join } from 'node:path';
import type { Ctx } from '../../cli/context.js';
import { UsageError } from '../../core/errors.js';
import { parseIntArg } from '../../core/parse.js';
import type { RegistryFlags } from '../../config/registry.js';
import type { RegistryState } from '../../local/registry.js';

export function registryDir(brokerDir: string): string {
  return join(brokerDir, 'registry');
}

/** Whether `local start` was asked to start a registry too (the global --schema-registry, given without a URL). */
export function wantsRegistry(ctx: Ctx): boolean {
  const v = (ctx.flags() as RegistryFlags).schemaRegistry;
  if (typeof v === 'string') throw new UsageError('local start --schema-registry takes no URL: it starts one (port: --schema-registry-port)');
  return v === true;
}

/** Starts the registry unless it runs already; resolves to its state and whether it was already running. */
export async function startLocalRegistry(ctx: Ctx, brokerDir: string, portText: string): Promise<{ state: RegistryState; already: boolean }> {
  const { runningRegistry, startRegistry } = await import('../../local/registry.js');
  const { freePort } = await import('../../local/broker.js');
  const dir = registryDir(brokerDir);
  const running = runningRegistry(dir);
  if (running) return { state: running, already: true };
  const port = parseIntArg(portText, '--schema-registry-port', 1, 65535);
  const state = await startRegistry({ dir, port, managementPort: await freePort(), onProgress: (l) => void ctx.io.stderr.write(`${l}\n`), signal: ctx.signal });
  return { state, already: false };
}

export async function localRegistry(brokerDir: string): Promise<RegistryState | undefined> {
  const { runningRegistry } = await import('../../local/registry.js');
  return runningRegistry(registryDir(brokerDir));
}

export async function stopLocalRegistry(brokerDir: string, signal?: AbortSignal): Promise<boolean> {
  const { stopRegistry } = await import('../../local/registry.js');
  return stopRegistry(registryDir(brokerDir), undefined, signal);
}
