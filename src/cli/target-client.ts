/** A Kafka client for the second cluster (--to-profile / --to-brokers), closed with the command. */
import type { Ctx } from './context.js';
import { canPrompt, promptPassword } from './prompt.js';
import type { TargetFlags } from '../config/target.js';
import type { KafkaClient } from '../kafka/client/client.js';

export async function targetClient(ctx: Ctx, flags: TargetFlags): Promise<KafkaClient> {
  const [{ resolveTarget }, { createClient }] = await Promise.all([import('../config/target.js'), import('../kafka/client/client.js')]);
  const { io } = ctx;
  const conf = await resolveTarget(flags, ctx.flags(), {
    env: io.env,
    cwd: io.cwd,
    promptPassword: canPrompt(io) ? (q) => promptPassword(io, q) : undefined,
  });
  const client = createClient(conf, io.stderr, ctx.signal);
  ctx.onCleanup(() => client.close());
  return client;
}

/** How a cluster is named in output: its profile, else its bootstrap brokers. */
export function clusterName(c: KafkaClient): string {
  return c.config.profileName ? `profile ${c.config.profileName}` : c.config.brokers.join(',');
}
