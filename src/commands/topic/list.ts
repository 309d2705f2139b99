import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { UsageError } from '../../core/errors.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { asJson, note, printView } from '../../cli/view.js';
import { renderTopicListTable, topicListJson } from '../../format/admin/topics.js';

const HELP = `
MESSAGES is approximate: the sum over partitions of high minus low watermark
(compaction, transaction markers and aborted messages are counted).

Examples:
  kafka-cli topic list
  kafka-cli topic list --match '^orders\\.' -o json
  kafka-cli topic list --all

JSON: [{"name", "partitions", "replicationFactor", "messages": <integer>|null, "internal"}]`;

interface Opts {
  all?: boolean;
  match?: string;
  output: TableOrJson;
}

export function registerTopicList(topic: Command, ctx: Ctx): void {
  topic
    .command('list')
    .alias('ls')
    .description('list topics with partitions, replication factor and approximate message count')
    .option('-a, --all', 'include internal topics (names starting with __)')
    .option('-m, --match <regex>', 'only topics whose name matches this regular expression')
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', HELP)
    .action(async (opts: Opts) => {
      const format = opts.output;
      let match: RegExp | undefined;
      if (opts.match !== undefined) {
        try {
          match = new RegExp(opts.match);
        } catch (e) {
          throw new UsageError(`invalid --match '${opts.match}': ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`);
        }
      }
      const { listTopics } = await import('../../kafka/admin/topics.js');
      const rows = await listTopics(await ctx.client(), { all: opts.all === true, match });
      await printView(ctx.io, format, rows, { json: asJson(topicListJson), table: (t, c) => (t.length ? renderTopicListTable(t, c) : note('no topics\n')) });
    });
}
