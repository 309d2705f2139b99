import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { KafkaError, UsageError } from '../../core/errors.js';
import { parseIntArg } from '../../core/parse.js';
import { canPrompt, confirm } from '../../cli/prompt.js';
import { requireRegistry } from '../../cli/schema/registry-options.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { asJson, printView } from '../../cli/view.js';

export function registerSchemaDelete(schema: Command, ctx: Ctx): void {
  schema
    .command('delete')
    .description('delete a subject (every version) or one version; soft unless --permanent')
    .argument('<subject>', 'the subject')
    .argument('[version]', 'only this version (a number)')
    .option('--permanent', 'purge it (a soft delete first, then the permanent one)')
    .option('-y, --yes', 'do not ask for confirmation')
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', '\nAsks for confirmation on a terminal; without one it refuses unless --yes is given.\n\nExamples:\n  kafka-cli schema delete orders-value\n  kafka-cli schema delete orders-value 3 --permanent --yes -o json   # {"subject","versions","permanent"}')
    .action(async (subject: string, versionArg: string | undefined, opts: { permanent?: boolean; yes?: boolean; output: TableOrJson }) => {
      const format = opts.output;
      const version = versionArg === undefined ? undefined : parseIntArg(versionArg, 'version', 1, 2 ** 31 - 1);
      if (!opts.yes && !canPrompt(ctx.io)) throw new UsageError('refusing to delete schemas without confirmation: no terminal to ask on; pass --yes');
      const client = await requireRegistry(ctx, 'schema delete');
      if (!opts.yes) {
        const what = version === undefined ? `every version of subject '${subject}'` : `version ${version} of subject '${subject}'`;
        if (!(await confirm(ctx.io, `Delete ${what}${opts.permanent ? ' permanently' : ''}?`))) throw new KafkaError('not confirmed: nothing was deleted');
      }
      const { deleteSchema } = await import('../../schema/admin.js');
      const { renderDeleted } = await import('../../format/schemas.js');
      const r = await deleteSchema(client, subject, version, opts.permanent === true);
      await printView(ctx.io, format, r, { json: asJson((d) => d), table: renderDeleted });
    });
}
