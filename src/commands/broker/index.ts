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

interface Opts {
  default?: boolean;
  all?: boolean;
  set: string[];
  unset: string[];
  output: TableOrJson;
}

export function registerBroker(program: Command, ctx: Ctx): void {
  const broker = program.command('broker').description('broker settings').addHelpText('after', '\nExamples:\n  kafka-cli broker config 1\n  kafka-cli broker config --default --set min.insync.replicas=2');
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
