import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { ThresholdExceeded } from '../../core/errors.js';
import { requireRegistry } from '../../cli/schema/registry-options.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { asJson, printView } from '../../cli/view.js';
import { schemaFileOptions, schemaFromFile, type SchemaFileFlags } from './schema-file.js';

export function registerSchemaCheck(schema: Command, ctx: Ctx): void {
  schemaFileOptions(
    schema
      .command('check')
      .description("check a schema file against the subject's latest version (exit 3 when incompatible)")
      .argument('<subject>', 'the subject')
      .argument('<file>', 'the schema: .avsc, .proto or .json'),
  )
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', '\nUses the subject\'s compatibility setting (schema config). Exit 0 compatible, 3 incompatible, 1 registry error.\n\nExamples:\n  kafka-cli schema check orders-value order-v2.avsc || echo "breaking change"\n  kafka-cli schema check orders-value order-v2.avsc -o json   # {"subject","compatible","messages"}')
    .action(async (subject: string, file: string, opts: SchemaFileFlags & { output: TableOrJson }) => {
      const format = opts.output;
      const text = await schemaFromFile(file, opts, ctx.io.cwd);
      const { checkSchema } = await import('../../schema/admin.js');
      const { renderCompatibility } = await import('../../format/schemas.js');
      const r = await checkSchema(await requireRegistry(ctx, 'schema check'), subject, text);
      await printView(ctx.io, format, r, { json: asJson((d) => d), table: renderCompatibility });
      if (!r.compatible) throw new ThresholdExceeded(`the schema in '${file}' is not compatible with the latest version of '${subject}'`);
    });
}
