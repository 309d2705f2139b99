import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { registerGroupList } from './list.js';
import { registerGroupDescribe, registerLag } from './lag.js';
import { registerGroupResetOffsets } from './reset-offsets.js';
import { registerGroupDelete } from './delete.js';
import { registerGroupDeleteOffsets } from './delete-offsets.js';

/** `group list|describe|reset-offsets|delete-offsets|delete` and the top-level `lag` shortcut. */
export function registerGroup(program: Command, ctx: Ctx): void {
  const group = program
    .command('group')
    .description('consumer groups: list, lag, reset or delete offsets, delete')
    .addHelpText(
      'after',
      '\nExamples:\n  kafka-cli group list\n  kafka-cli group describe orders-service     (same as: kafka-cli lag orders-service)\n  kafka-cli group reset-offsets orders-service --topic orders --to-earliest --execute\n  kafka-cli group delete-offsets orders-service --topic old-topic --execute\n  kafka-cli group delete old-service --yes',
    );
  registerGroupList(group, ctx);
  registerGroupDescribe(group, ctx);
  registerGroupResetOffsets(group, ctx);
  registerGroupDeleteOffsets(group, ctx);
  registerGroupDelete(group, ctx);
  registerLag(program, ctx);
}
