/** Registers every command group. Each command file declares its flags and wires one core function to a renderer. */
import type { Command } from 'commander';
import type { Ctx } from '../cli/context.js';
import { registerCluster } from './cluster.js';
import { registerTopic } from './topic/index.js';
import { registerProduce } from './produce.js';
import { registerTail } from './tail.js';
import { registerCopy } from './copy.js';
import { registerCompletion } from './completion.js';
import { registerGroup } from './group/index.js';
import { registerLocal } from './local/index.js';
import { registerProfile } from './profile/index.js';
import { registerAcl } from './acl/index.js';
import { registerBroker } from './broker/index.js';
import { registerUser } from './user/index.js';
import { registerSchema } from './schema/index.js';
import { registerTop } from './top.js';
import { registerState } from './state/index.js';
import { registerQuota } from './quota/index.js';

export function registerCommands(program: Command, ctx: Ctx): void {
  registerTopic(program, ctx);
  registerProduce(program, ctx);
  registerTail(program, ctx);
  registerCopy(program, ctx);
  registerGroup(program, ctx);
  registerCluster(program, ctx);
  registerLocal(program, ctx);
  registerProfile(program, ctx);
  registerAcl(program, ctx);
  registerBroker(program, ctx);
  registerUser(program, ctx);
  registerQuota(program, ctx);
  registerCompletion(program, ctx);
  registerSchema(program, ctx);
  registerTop(program, ctx);
  registerState(program, ctx);
}
