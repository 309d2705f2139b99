import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';

/** `group list|describe|reset-offsets|delete` and the top-level `lag` shortcut. */
export function registerGroup(program: Command, ctx: Ctx): void {
  void program;
  void ctx;
}
