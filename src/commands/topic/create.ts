import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { collect, parseIntArg, parseKeyValue, validateTopicName } from '../../core/parse.js';
import { UsageError } from '../../core/errors.js';
import { convertConfigs } from '../../cli/config-values.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { asJson, printView } from '../../cli/view.js';
import { createdJson, renderCreatedTable } from '../../format/admin/topics.js';

const HELP = `
Partitions and replication factor default to the broker's num.partitions and
default.replication.factor when omitted. A name that differs from another topic's only in '.'
against '_' (my.topic, my_topic) is refused, naming the other: Kafka cannot hold both.

Examples:
  kafka-cli topic create orders
  kafka-cli topic create orders payments -p 6 -r 3 --config retention.ms=86400000 --config cleanup.policy=compact
  kafka-cli topic create events --config retention.ms=7d --config segment.bytes=256MiB   (units converted, shown first)
  kafka-cli topic create orders --if-not-exists -o json
  kafka-cli topic create orders -p 12 --validate-only

JSON: [{"topic", "status": "created"|"exists"|"valid", "partitions", "replicationFactor", "configs": {key: value}}]`;

interface Opts {
  partitions?: string;
  replicationFactor?: string;
  config: string[];
  ifNotExists?: boolean;
  validateOnly?: boolean;
  output: TableOrJson;
}

export function registerTopicCreate(topic: Command, ctx: Ctx): void {
  topic
    .command('create')
    .description('create one or more topics')
    .argument('<topic...>', 'topic names')
    .option('-p, --partitions <n>', 'number of partitions (default: the broker\'s num.partitions)')
    .option('-r, --replication-factor <n>', 'replicas per partition (default: the broker\'s default.replication.factor)')
    .option('--config <key=value>', 'topic config, repeatable', collect, [])
    .option('--if-not-exists', 'succeed (exit 0) when a topic already exists, leaving it as it is')
    .option('--validate-only', 'ask the broker to check the request without creating anything')
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', HELP)
    .action(async (names: string[], opts: Opts) => {
      const format = opts.output;
      const topics = names.map(validateTopicName);
      const dup = topics.find((t, i) => topics.indexOf(t) !== i);
      if (dup) throw new UsageError(`topic '${dup}' is given twice`);
      const notes: string[] = [];
      const configs = convertConfigs(opts.config.map((c) => parseKeyValue(c, '--config')), notes);
      for (const n of notes) ctx.io.stderr.write(n + '\n');
      const options = {
        topics,
        partitions: opts.partitions === undefined ? undefined : parseIntArg(opts.partitions, '--partitions', 1, 2 ** 31 - 1),
        replicationFactor: opts.replicationFactor === undefined ? undefined : parseIntArg(opts.replicationFactor, '--replication-factor', 1, 32767),
        configs,
        ifNotExists: opts.ifNotExists === true,
        validateOnly: opts.validateOnly === true,
      };
      const { createTopics } = await import('../../kafka/admin/topics.js');
      const rows = await createTopics(await ctx.client(), options);
      for (const r of rows) {
        if (r.status === 'exists') ctx.io.stderr.write(`topic '${r.topic}' already exists; left as it is\n`);
      }
      if (options.validateOnly) ctx.io.stderr.write('validate only: nothing was created\n');
      await printView(ctx.io, format, rows, { json: asJson(createdJson), table: renderCreatedTable });
    });
}
