import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { oneOf } from '../../core/parse.js';
import { requireRegistry } from '../../cli/schema/registry-options.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { asJson, printView } from '../../cli/view.js';

const LEVELS = ['BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE', 'NONE'] as const;

export function registerSchemaConfig(schema: Command, ctx: Ctx): void {
  schema
    .command('config')
    .description('show or set the compatibility level, of a subject or global')
    .argument('[subject]', 'the subject (default: the global setting)')
    .option('--compatibility <level>', `set it: ${LEVELS.join(', ')}`)
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', '\nA subject without its own level follows the global one (shown as "(global default)").\n\nExamples:\n  kafka-cli schema config\n  kafka-cli schema config orders-value --compatibility FULL\n  kafka-cli schema config orders-value -o json   # {"subject","compatibility"}')
    .action(async (subject: string | undefined, opts: { compatibility?: string; output: TableOrJson }) => {
      const format = opts.output;
      const level = opts.compatibility === undefined ? undefined : (oneOf(opts.compatibility.toLowerCase(), LEVELS.map((l) => l.toLowerCase()), '--compatibility').toUpperCase());
      const { compatibilityConfig } = await import('../../schema/admin.js');
      const { renderConfig } = await import('../../format/schemas.js');
      const r = await compatibilityConfig(await requireRegistry(ctx, 'schema config'), subject, level);
      await printView(ctx.io, format, r, { json: asJson((d) => d), table: renderConfig });
    });
}
