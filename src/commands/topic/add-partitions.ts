import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { parseIntArg, validateTopicName } from '../../core/parse.js';
import { UsageError } from '../../core/errors.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { asJson, printView } from '../../cli/view.js';
import { addPartitionsJson, renderAddPartitionsTable } from '../../format/admin/topics.js';

const HELP = `
Partitions can only be added, never removed. Keyed messages map to a partition by
hash(key) mod partition count, so after growing, a key may go to a different partition
than its earlier messages (per-key ordering across the change is lost).

Examples:
  kafka-cli topic add-partitions orders --total 12
  kafka-cli topic add-partitions orders --add 3 -o json

JSON: {"topic", "previousPartitions", "partitions", "validateOnly"}`;

interface Opts {
  total?: string;
  add?: string;
  validateOnly?: boolean;
  output: TableOrJson;
}

export function registerTopicAddPartitions(topic: Command, ctx: Ctx): void {
  topic
    .command('add-partitions')
    .description('grow a topic to more partitions')
    .argument('<topic>', 'topic name')
    .option('--total <n>', 'the partition count after the change')
    .option('--add <n>', 'how many partitions to add')
    .option('--validate-only', 'ask the broker to check the change without applying it')
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', HELP)
    .action(async (name: string, opts: Opts) => {
      const format = opts.output;
      const t = validateTopicName(name);
      if ((opts.total === undefined) === (opts.add === undefined)) throw new UsageError('give exactly one of --total <n> or --add <n>');
      const options = {
        topic: t,
        total: opts.total === undefined ? undefined : parseIntArg(opts.total, '--total', 1, 2 ** 31 - 1),
        add: opts.add === undefined ? undefined : parseIntArg(opts.add, '--add', 1, 2 ** 31 - 1),
        validateOnly: opts.validateOnly === true,
      };
      const { addPartitions } = await import('../../kafka/admin/topics.js');
      const r = await addPartitions(await ctx.client(), options);
      ctx.io.stderr.write(
        r.validateOnly
          ? `validate only: topic '${r.topic}' can grow from ${r.previousPartitions} to ${r.partitions} partitions; nothing was changed\n`
          : `kafka-cli: warning: topic '${r.topic}' grew from ${r.previousPartitions} to ${r.partitions} partitions; keyed messages will now map to different partitions than before\n`,
      );
      await printView(ctx.io, format, r, { json: asJson(addPartitionsJson), table: renderAddPartitionsTable });
    });
}
