import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { requireRegistry } from '../../cli/schema/registry-options.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { asJson, printView } from '../../cli/view.js';

export function registerSchemaList(schema: Command, ctx: Ctx): void {
  schema
    .command('list')
    .description('list the subjects')
    .option('--deleted', 'also soft-deleted subjects (marked)')
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', '\nExamples:\n  kafka-cli schema list\n  kafka-cli schema list --deleted -o json   # [{"subject", "deleted"}]')
    .action(async (opts: { deleted?: boolean; output: TableOrJson }) => {
      const format = opts.output;
      const { listSubjects } = await import('../../schema/admin.js');
      const { renderSubjects } = await import('../../format/schemas.js');
      const list = await listSubjects(await requireRegistry(ctx, 'schema list'), opts.deleted === true);
      await printView(ctx.io, format, list, { json: asJson((l) => l), table: (l, c) => renderSubjects(l, opts.deleted === true, c) });
    });
}
