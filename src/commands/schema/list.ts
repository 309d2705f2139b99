import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { requireRegistry } from '../../cli/registry-options.js';
import { chalkFor, parseTableOrJson, renderJson } from '../../format/output.js';

export function registerSchemaList(schema: Command, ctx: Ctx): void {
  schema
    .command('list')
    .description('list the subjects')
    .option('--deleted', 'also soft-deleted subjects (marked)')
    .option('-o, --output <format>', 'table or json', 'table')
    .addHelpText('after', '\nExamples:\n  kafka-cli schema list\n  kafka-cli schema list --deleted -o json   # [{"subject", "deleted"}]')
    .action(async (opts: { deleted?: boolean; output: string }) => {
      const format = parseTableOrJson(opts.output);
      const { listSubjects } = await import('../../schema/admin.js');
      const { renderSubjects } = await import('../../format/schemas.js');
      const list = await listSubjects(await requireRegistry(ctx, 'schema list'), opts.deleted === true);
      ctx.io.stdout.write(format === 'json' ? renderJson(list) : renderSubjects(list, opts.deleted === true, chalkFor(ctx.io, ctx.io.stdout)));
    });
}
