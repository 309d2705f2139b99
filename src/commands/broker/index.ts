/** `kafka-cli broker config <id|--default>`: show and change dynamic broker configs, like kafka-configs --entity-type brokers. */
import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { UsageError } from '../../core/errors.js';
import { collect, parseIntArg, parseKeyValue } from '../../core/parse.js';
import { brokerConfigsJson, renderBrokerConfigChanges, renderBrokerConfigs } from '../../format/admin/broker-configs.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { asJson, printView } from '../../cli/view.js';
import type { BrokerTarget } from '../../kafka/admin/broker-configs.js';

const HELP = `
Without --all only the configs that are not Kafka's built-in defaults are shown. SOURCE says
where each value comes from: DYNAMIC_BROKER_CONFIG (set for this broker), DYNAMIC_DEFAULT_BROKER_CONFIG
(set for every broker, --default), STATIC_BROKER_CONFIG (server.properties), DEFAULT_CONFIG.
Sensitive values (passwords, keys) are never shown: (sensitive) in tables, null in JSON.
--set and --unset change dynamic configs only (IncrementalAlterConfigs: other keys stay as they are);
others need server.properties and a restart.

Examples:
  kafka-cli broker config 1
  kafka-cli broker config 1 --all -o json
  kafka-cli broker config 1 --set log.cleaner.threads=2
  kafka-cli broker config --default --set min.insync.replicas=2
  kafka-cli broker config 1 --unset log.cleaner.threads

JSON: {"broker": <id> | "default", "changes"?: [{"name", "from", "to"}], "configs": [{"name", "value", "source", "isDefault", "readOnly", "sensitive"}]}`;

const LOG_DIRS_HELP = `
Each broker answers for its own log dirs (DescribeLogDirs, like kafka-log-dirs.sh --describe): one row per
replica with its size on disk in bytes, OFFSET-LAG (how far a follower's log end is behind the high
watermark; 0 on the leader) and FUTURE (a replica being moved to this dir). A broker that refuses
(DESCRIBE on the cluster is needed) or cannot be reached shows its error; the others still answer.

Examples:
  kafka-cli broker log-dirs
  kafka-cli broker log-dirs --topic orders --broker 1 -o json

JSON: {"brokers": [{"broker", "error", "logDirs": [{"logDir", "error", "totalBytes", "usableBytes", "partitions": [{"topic", "partition", "size", "offsetLag", "isFuture"}]}]}]}
(sizes in bytes as numbers; totalBytes/usableBytes null when the broker does not say)`;

function registerLogDirs(broker: Command, ctx: Ctx): void {
  broker
    .command('log-dirs')
    .description('replica sizes on disk per broker and log dir, with offset lag and future replicas')
    .option('--topic <name>', 'only this topic (repeatable)', collect, [])
    .option('--broker <id>', 'only this broker (repeatable)', collect, [])
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', LOG_DIRS_HELP)
    .action(async (opts: { topic: string[]; broker: string[]; output: TableOrJson }) => {
      const brokers = opts.broker.map((b) => parseIntArg(b, '--broker', 0, 2 ** 31 - 1));
      const { describeLogDirs } = await import('../../kafka/admin/log-dirs.js');
      const { logDirsJson, renderLogDirs } = await import('../../format/admin/log-dirs.js');
      const r = await describeLogDirs(await ctx.client(), { topics: opts.topic, brokers });
      await printView(ctx.io, opts.output, r, { json: asJson(logDirsJson), table: renderLogDirs });
    });
}

interface Opts {
  default?: boolean;
  all?: boolean;
  set: string[];
  unset: string[];
  output: TableOrJson;
}

export function registerBroker(program: Command, ctx: Ctx): void {
  const broker = program
    .command('broker')
    .description('broker settings and log dirs')
    .addHelpText('after', '\nExamples:\n  kafka-cli broker config 1\n  kafka-cli broker config --default --set min.insync.replicas=2\n  kafka-cli broker log-dirs --topic orders');
  registerLogDirs(broker, ctx);
  broker
    .command('config')
    .description("show a broker's configs with their sources, or change dynamic ones (--set, --unset)")
    .argument('[id]', 'broker id (kafka-cli cluster lists them)')
    .option('--default', 'the cluster-wide dynamic defaults instead of one broker')
    .option('--all', "also show Kafka's built-in defaults")
    .option('--set <key=value>', 'set a dynamic config (repeatable)', collect, [])
    .option('--unset <key>', 'remove a dynamic config (back to the next source) (repeatable)', collect, [])
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', HELP)
    .action(async (id: string | undefined, opts: Opts) => {
      const format = opts.output;
      if ((id === undefined) === !opts.default) throw new UsageError('give a broker id or --default (not both)');
      const target: BrokerTarget = opts.default ? { kind: 'default' } : { kind: 'broker', id: parseIntArg(id!, 'broker id', 0, 2 ** 31 - 1) };
      const set = opts.set.map((s) => parseKeyValue(s, '--set'));
      const { describeBrokerConfigs, alterBrokerConfigs } = await import('../../kafka/admin/broker-configs.js');
      const client = await ctx.client();
      if (set.length || opts.unset.length) {
        const r = await alterBrokerConfigs(client, target, set, opts.unset);
        await printView(ctx.io, format, r, { json: asJson((d) => brokerConfigsJson(target, d.configs.filter((e) => opts.all || !e.isDefault), d.changes)), table: (d, c) => renderBrokerConfigChanges(d.changes, c) });
        return;
      }
      const configs = (await describeBrokerConfigs(client, target)).filter((e) => opts.all || !e.isDefault);
      await printView(ctx.io, format, configs, { json: asJson((d) => brokerConfigsJson(target, d)), table: renderBrokerConfigs });
    });
}
