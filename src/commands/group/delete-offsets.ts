import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { KafkaError, UsageError } from '../../core/errors.js';
import { collect } from '../../core/parse.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { asJson, printView } from '../../cli/view.js';
import { deleteOffsetsSummary, renderDeleteOffsetsTable, toDeleteOffsetsJson } from '../../format/groups.js';
import { parseResetTopics } from './reset-offsets.js';

const HELP = `
Prints the plan (partition, the committed offset that would go) and changes nothing unless
--execute is given; then the group has no committed offset there (its consumers start from
auto.offset.reset), as kafka-consumer-groups.sh --delete-offsets does (OffsetDelete).
Kafka refuses while the group consumes the topic (a member subscribes to it): so does this
command, before sending anything, dry run included (exit 1). A partition with no commit says so.

Topics: --topic t (repeatable), --topic t:0,2 (those partitions, as kafka-consumer-groups.sh takes it).
--dry-run is the default, said explicitly.

Examples:
  kafka-cli group delete-offsets billing --topic orders
  kafka-cli group delete-offsets billing --topic orders:0,2 --topic payments --execute
  kafka-cli group delete-offsets billing --topic old-topic --execute -o json

JSON: {"group", "type", "state", "executed", "partitions": [{"topic", "partition",
  "committedOffset": "<int64>"|null, "status": "planned"|"deleted"|"no-commit"|"refused"|"failed",
  "error": string|null}]}`;

interface Opts {
  topic: string[];
  dryRun?: boolean;
  execute?: boolean;
  output: TableOrJson;
}

export function registerGroupDeleteOffsets(group: Command, ctx: Ctx): void {
  group
    .command('delete-offsets')
    .description("plan (and with --execute, delete) a group's committed offsets of some topics or partitions")
    .argument('<group>', 'consumer group id')
    .option('-t, --topic <name[:n,...]>', 'a topic whose committed offsets to delete, optionally with partitions (orders:0,2); repeatable', collect, [])
    .option('--execute', 'delete the offsets (without it nothing changes)')
    .option('--dry-run', 'only print the plan (the default; cannot be combined with --execute)')
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', HELP)
    .action(async (groupId: string, opts: Opts) => {
      if (opts.topic.length === 0) throw new UsageError('name the topic: --topic <name> (repeatable, name:0,2 for partitions)');
      const topics = parseResetTopics({ topic: opts.topic, allTopics: false });
      if (opts.dryRun && opts.execute) throw new UsageError('use either --dry-run or --execute, not both');
      if (groupId.length === 0) throw new UsageError('invalid group id: it is empty');
      const { deleteOffsets } = await import('../../kafka/groups/delete-offsets.js');
      const plan = await deleteOffsets(await ctx.client(), { group: groupId, topics, execute: opts.execute === true });
      await printView(ctx.io, opts.output, plan, { json: asJson(toDeleteOffsetsJson), table: renderDeleteOffsetsTable });
      ctx.io.stderr.write(deleteOffsetsSummary(plan) + '\n');
      const left = plan.partitions.filter((p) => p.status === 'refused' || p.status === 'failed');
      if (left.length) {
        throw new KafkaError(`could not delete the committed offsets of ${left.map((p) => `${p.topic}[${p.partition}] (${p.error})`).join(', ')} of group '${groupId}'`);
      }
    });
}
