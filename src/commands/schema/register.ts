import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { requireRegistry } from '../../cli/schema/registry-options.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { asJson, printView } from '../../cli/view.js';
import { schemaFileOptions, schemaFromFile, type SchemaFileFlags } from './schema-file.js';

export function registerSchemaRegister(schema: Command, ctx: Ctx): void {
  schemaFileOptions(
    schema
      .command('register')
      .description('register a schema file under a subject (a new version unless it is already there)')
      .argument('<subject>', 'the subject, e.g. orders-value')
      .argument('<file>', 'the schema: .avsc (Avro), .proto (Protobuf) or .json (JSON Schema)'),
  )
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', '\nThe registry checks compatibility with the subject\'s latest version first (an incompatible schema: exit 1).\n\nExamples:\n  kafka-cli schema register orders-value order.avsc\n  kafka-cli schema register orders-value order.proto --reference common.proto=common-value:1\n  kafka-cli schema register orders-value order.json -o json   # {"subject","id","version"}')
    .action(async (subject: string, file: string, opts: SchemaFileFlags & { output: TableOrJson }) => {
      const format = opts.output;
      const text = await schemaFromFile(file, opts, ctx.io.cwd);
      const { registerSchema } = await import('../../schema/admin.js');
      const { renderRegistered } = await import('../../format/schemas.js');
      const r = await registerSchema(await requireRegistry(ctx, 'schema register'), subject, text);
      await printView(ctx.io, format, r, { json: asJson((d) => d), table: renderRegistered });
    });
}
