import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { UsageError } from '../../core/errors.js';
import { parseIntArg } from '../../core/parse.js';
import { requireRegistry } from '../../cli/schema/registry-options.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { asJson, printView } from '../../cli/view.js';

/** The version is an argument, not --version: that is kafka-cli's own version flag, on every command. */
export function parseVersion(text: string): number | 'latest' {
  return text === 'latest' ? 'latest' : parseIntArg(text, 'version', 1, 2 ** 31 - 1);
}

export function registerSchemaGet(schema: Command, ctx: Ctx): void {
  schema
    .command('get')
    .description('show a schema: a subject version (default latest) or a schema id')
    .argument('[subject]', 'the subject')
    .argument('[version]', 'the version of the subject: a number or latest (default)')
    .option('--id <id>', 'the schema with this id (instead of a subject)')
    .option('--schema-only', 'print only the schema text (to save it as a file)')
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', '\nExamples:\n  kafka-cli schema get orders-value\n  kafka-cli schema get orders-value 2 --schema-only > order-v2.avsc\n  kafka-cli schema get --id 7 -o json   # {"subject","version","id","schemaType","references","schema"}')
    .action(async (subject: string | undefined, version: string | undefined, opts: { id?: string; schemaOnly?: boolean; output: TableOrJson }) => {
      const format = opts.output;
      if ((subject === undefined) === (opts.id === undefined)) throw new UsageError('give a subject or --id <id> (one of them)');
      if (opts.id !== undefined && version !== undefined) throw new UsageError('--id names the schema itself: no version applies');
      const q = opts.id !== undefined ? { id: parseIntArg(opts.id, '--id', 0, 2 ** 31 - 1) } : { subject: subject!, version: parseVersion(version ?? 'latest') };
      const { getSchema } = await import('../../schema/admin.js');
      const { renderSchemaDetails, schemaDetailsJson, prettySchema } = await import('../../format/schemas.js');
      const s = await getSchema(await requireRegistry(ctx, 'schema get'), q);
      const { io } = ctx;
      if (opts.schemaOnly) await printView(io, format, s, { json: asJson((d) => d.schema), table: prettySchema });
      else await printView(io, format, s, { json: asJson(schemaDetailsJson), table: renderSchemaDetails });
    });
}
