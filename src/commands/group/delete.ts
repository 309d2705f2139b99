import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { KafkaError, NotFound, UsageError } from '../../core/errors.js';
import { canPrompt, confirm } from '../../cli/prompt.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { asJson, printView } from '../../cli/view.js';
import { renderDeleteTable, toDeleteJson } from '../../format/groups.js';

const HELP = `
Deletes the groups and their committed offsets. Asks for confirmation on a terminal;
without one (scripts, CI) it refuses unless --yes is given. A group with active members
or an unknown group is not deleted (the others still are) and the exit code is 1.

Examples:
  kafka-cli group delete old-service
  kafka-cli group delete old-a old-b --yes -o json

JSON: [{"group", "status": "deleted"|"failed", "error": string|null}]`;

interface Opts {
  yes?: boolean;
  output: TableOrJson;
}

export function registerGroupDelete(group: Command, ctx: Ctx): void {
  group
    .command('delete')
    .description('delete consumer groups and their committed offsets')
    .argument('<group...>', 'consumer group ids')
    .option('-y, --yes', 'do not ask for confirmation')
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', HELP)
    .action(async (names: string[], opts: Opts) => {
      const format = opts.output;
      const groups = [...new Set(names)];
      if (groups.some((g) => g.length === 0)) throw new UsageError('invalid group id: it is empty');
      if (!opts.yes && !canPrompt(ctx.io)) throw new UsageError('refusing to delete groups without confirmation: no terminal to ask on; pass --yes');
      const { deleteGroups } = await import('../../kafka/groups/groups.js');
      const client = await ctx.client();
      if (!opts.yes) {
        const ok = await confirm(ctx.io, `Delete consumer group${groups.length === 1 ? '' : 's'} ${groups.map((g) => `'${g}'`).join(', ')} and their committed offsets?`);
        if (!ok) throw new KafkaError('not confirmed: nothing was deleted');
      }
      const results = await deleteGroups(client, groups);
      await printView(ctx.io, format, results, { json: asJson(toDeleteJson), table: renderDeleteTable });
      const failed = results.filter((r) => !r.deleted);
      if (failed.length) {
        const message = failed.map((r) => `could not delete group '${r.group}': ${r.error}`).join('; ');
        const unknown = failed.filter((r) => r.error === 'not found').map((r) => r.group);
        throw unknown.length ? new NotFound(message, 'group', unknown) : new KafkaError(message);
      }
    });
}
