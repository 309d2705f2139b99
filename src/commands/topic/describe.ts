import { Option, type Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { oneOf, validateTopicName } from '../../cli/parse.js';
import { chalkFor, parseTableOrJson, renderJson } from '../../format/output.js';
import { describeJson, renderDescribeTable } from '../../format/topics.js';

const HELP = `
Under-replicated partitions (ISR smaller than replicas) and partitions without a leader
are marked in the STATUS column (and in yellow/red on a terminal).

Examples:
  kafka-cli topic describe orders
  kafka-cli topic describe orders --configs all
  kafka-cli topic describe orders -o json | jq '.partitionDetails[] | select(.underReplicated)'

JSON: {"name", "internal", "partitions", "replicationFactor", "messages",
       "partitionDetails": [{"partition", "leader"|null, "replicas", "isr", "offlineReplicas",
                             "lowWatermark", "highWatermark", "messages", "underReplicated", "leaderless"}],
       "configs": [{"name", "value", "source", "isDefault", "readOnly", "sensitive"}]}`;

interface Opts {
  configs: string;
  output: string;
}

export function registerTopicDescribe(topic: Command, ctx: Ctx): void {
  topic
    .command('describe')
    .description("show a topic's partitions (leader, replicas, ISR, watermarks) and configs")
    .argument('<topic>', 'topic name')
    .addOption(new Option('--configs <which>', 'non-default: configs not at their built-in default; all: every config').default('non-default'))
    .option('-o, --output <format>', 'table or json', 'table')
    .addHelpText('after', HELP)
    .action(async (name: string, opts: Opts) => {
      const format = parseTableOrJson(opts.output);
      const t = validateTopicName(name);
      const which = oneOf(opts.configs, ['non-default', 'all'] as const, '--configs');
      const { describeTopic } = await import('../../kafka/topics.js');
      const d = await describeTopic(await ctx.client(), t, { allConfigs: which === 'all' });
      ctx.io.stdout.write(format === 'json' ? renderJson(describeJson(d)) : renderDescribeTable(d, chalkFor(ctx.io, ctx.io.stdout), which === 'all'));
    });
}
