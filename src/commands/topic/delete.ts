import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { KafkaError, UsageError } from '../../core/errors.js';
import { validateTopicName } from '../../core/parse.js';
import { canPrompt, confirm } from '../../cli/prompt.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { asJson, printView } from '../../cli/view.js';
import { deletedJson, renderDeletedTable } from '../../format/admin/topics.js';

const HELP = `
Asks for confirmation on a terminal. Without a terminal (scripts, CI) it refuses
unless --yes is given. A missing topic fails (exit 1) before anything is deleted.
Kafka's internal topics (__consumer_offsets, __transaction_state, ...) are never deleted (exit 2).

Examples:
  kafka-cli topic delete orders
  kafka-cli topic delete orders payments --yes -o json

JSON: [{"topic", "status": "deleted", "partitions", "messages"}]`;

interface Opts {
  yes?: boolean;
  output: TableOrJson;
}

export function registerTopicDelete(topic: Command, ctx: Ctx): void {
  topic
    .command('delete')
    .description('delete one or more topics and all their messages')
    .argument('<topic...>', 'topic names')
    .option('-y, --yes', 'do not ask for confirmation')
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', HELP)
    .action(async (names: string[], opts: Opts) => {
      const format = opts.output;
      const topics = [...new Set(names.map(validateTopicName))];
      const { planTopicDeletion, deleteTopics, isInternalTopic } = await import('../../kafka/admin/topics.js');
      const internal = topics.filter(isInternalTopic);
      if (internal.length) throw new UsageError(`refusing to delete Kafka's internal topic${internal.length === 1 ? '' : 's'} ${internal.map((t) => `'${t}'`).join(', ')}: the broker needs ${internal.length === 1 ? 'it' : 'them'} (consumer offsets, transactions)`);
      if (!opts.yes && !canPrompt(ctx.io)) throw new UsageError('refusing to delete topics without confirmation: no terminal to ask on; pass --yes');
      const client = await ctx.client();
      const plan = await planTopicDeletion(client, topics);
      if (!opts.yes) {
        const what = plan.map((p) => `'${p.topic}' (${p.partitions} partition${p.partitions === 1 ? '' : 's'}, ${p.messages ?? 'unknown'} messages)`).join(', ');
        const ok = await confirm(ctx.io, `Delete topic${plan.length === 1 ? '' : 's'} ${what}? This cannot be undone.`);
        if (!ok) throw new KafkaError('not confirmed: nothing was deleted');
      }
      await deleteTopics(client, topics);
      await printView(ctx.io, format, plan, { json: asJson(deletedJson), table: renderDeletedTable });
    });
}
