/** The global Schema Registry options, and the registry client of a command run (created on first use). */
import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { UsageError } from '../../core/errors.js';
import { canPrompt, promptPassword } from '../prompt.js';
import type { RegistryClient } from '../../schema/client.js';
import type { RegistryFlags } from '../../config/registry.js';

export function addRegistryOptions(program: Command): void {
  program
    // The URL is optional only so `local start --schema-registry` (start one) can share the name.
    .option('--schema-registry [url]', 'Schema Registry (Confluent API) URL (env KAFKA_SCHEMA_REGISTRY_URL), e.g. http://127.0.0.1:8081/apis/ccompat/v7')
    .option('--schema-registry-user <name>', 'registry basic-auth user (env KAFKA_SCHEMA_REGISTRY_USER)')
    .option('--schema-registry-password-file <path>', 'registry password from a file (or env KAFKA_SCHEMA_REGISTRY_PASSWORD; asked on a TTY)')
    .option('--schema-registry-token-file <path>', 'registry bearer token from a file (or env KAFKA_SCHEMA_REGISTRY_TOKEN)')
    .option('--schema-registry-ca <pem>', 'CA certificate(s) to trust for the registry, PEM file')
    .option('--schema-registry-cert <pem>', 'client certificate for the registry, PEM file')
    .option('--schema-registry-key <pem>', 'client private key for the registry, PEM file')
    .option('--schema-registry-insecure', 'do not verify the registry certificate');
}

const clients = new WeakMap<Ctx, Promise<RegistryClient | undefined>>();

/** The configured registry, or undefined when none is configured. */
export function optionalRegistry(ctx: Ctx): Promise<RegistryClient | undefined> {
  let p = clients.get(ctx);
  if (!p) {
    p = (async () => {
      const { resolveRegistry } = await import('../../config/registry.js');
      const { io } = ctx;
      const conf = await resolveRegistry(ctx.flags() as RegistryFlags, { env: io.env, cwd: io.cwd, promptPassword: canPrompt(io) ? (q) => promptPassword(io, q) : undefined });
      if (!conf) return undefined;
      // node:https (and TLS) load only when a registry is configured: tail and produce start as fast as before.
      const { createRegistryClient } = await import('../../schema/client.js');
      return createRegistryClient(conf);
    })();
    clients.set(ctx, p);
  }
  return p;
}

export async function requireRegistry(ctx: Ctx, why = 'this command'): Promise<RegistryClient> {
  const c = await optionalRegistry(ctx);
  if (!c) throw new UsageError(`${why} needs a schema registry: --schema-registry <url> or KAFKA_SCHEMA_REGISTRY_URL`);
  return c;
}
