import type { Command } from 'commander';
import type { Ctx } from '../cli/context.js';

export function registerTail(program: Command, ctx: Ctx): void {
  void program;
  void ctx;
}
