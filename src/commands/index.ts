/** Registers every command group. Each command file declares its flags and wires one core function to a renderer. */
import type { Command } from 'commander';
import type { Ctx } from '../cli/context.js';
import { registerCluster } from './cluster.js';
import { registerLocal } from './local/index.js';
import { registerProfile } from './profile/index.js';

export function registerCommands(program: Command, ctx: Ctx): void {
  registerCluster(program, ctx);
  registerLocal(program, ctx);
  registerProfile(program, ctx);
}
