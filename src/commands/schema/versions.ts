import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { requireRegistry } from '../../cli/schema/registry-options.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { asJson, printView } from '../../cli/view.js';

export function registerSchemaVersions(schema: Command, ctx: Ctx): void {
  schema
    .command('versions')
    .description("list a subject's versions with their schema ids")
    .argument('<subject>', 'the subject')
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', '\nExamples:\n  kafka-cli schema versions orders-value\n  kafka-cli schema versions orders-value -o json   # [{"version","id","schemaType"}]')
    .action(async (subject: string, opts: { output: TableOrJson }) => {
      const format = opts.output;
      const { listVersions } = await import('../../schema/admin.js');
      const { renderVersions } = await import('../../format/schemas.js');
      const list = await listVersions(await requireRegistry(ctx, 'schema versions'), subject);
      await printView(ctx.io, format, list, { json: asJson((l) => l), table: renderVersions });
    });
}
