import { Option, type Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { oneOf, validateTopicName } from '../../core/parse.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { asJson, printView } from '../../cli/view.js';
import { describeJson, renderDescribeTable } from '../../format/admin/topics.js';

const HELP = `
Under-replicated partitions (ISR smaller than replicas) and partitions without a leader
are marked in the STATUS column (and in yellow/red on a terminal).

Examples:
  kafka-cli topic describe orders
  kafka-cli topic describe orders payments audit      several topics, one block each
  kafka-cli topic describe orders --configs all
  kafka-cli topic describe orders -o json | jq '.partitionDetails[] | select(.underReplicated)'

JSON: {"name", "internal", "partitions", "replicationFactor", "messages",
       "partitionDetails": [{"partition", "leader"|null, "replicas", "isr", "offlineReplicas",
                             "lowWatermark", "highWatermark", "messages", "underReplicated", "leaderless"}],
       "configs": [{"name", "value", "source", "isDefault", "readOnly", "sensitive"}]}
Several topics: an array of these, in the order given.`;

interface Opts {
  configs: string;
  output: TableOrJson;
}

export function registerTopicDescribe(topic: Command, ctx: Ctx): void {
  topic
    .command('describe')
    .description("show a topic's partitions (leader, replicas, ISR, watermarks) and configs")
    .argument('<topic...>', 'topic names')
    .addOption(new Option('--configs <which>', 'non-default: configs not at their built-in default; all: every config').default('non-default'))
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', HELP)
    .action(async (names: string[], opts: Opts) => {
      const format = opts.output;
      const topics = [...new Set(names.map(validateTopicName))];
      const which = oneOf(opts.configs, ['non-default', 'all'] as const, '--configs');
      const { describeTopic } = await import('../../kafka/admin/topics.js');
      const client = await ctx.client();
      const described = await Promise.all(topics.map((t) => describeTopic(client, t, { allConfigs: which === 'all' })));
      await printView(ctx.io, format, described, {
        json: asJson((ds) => (ds.length === 1 ? describeJson(ds[0]!) : ds.map(describeJson))),
        table: (ds, c) => ds.map((d) => renderDescribeTable(d, c, which === 'all')).join('\n'),
      });
    });
}
