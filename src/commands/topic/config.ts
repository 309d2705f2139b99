import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { UsageError } from '../../cli/errors.js';
import { collect, parseKeyValue, validateTopicName } from '../../cli/parse.js';
import { chalkFor, parseTableOrJson, renderJson } from '../../format/output.js';
import { alterConfigsJson, describeChanges, renderAlterConfigsTable } from '../../format/topics.js';

const HELP = `
Without --set/--unset, shows the topic's non-default configs (--all: every config).
--unset removes the topic's own value, so the broker's default applies again.
Other overrides of the topic are kept. All changes of one command go to the broker as
one IncrementalAlterConfigs request: applied together or not at all, and commands run
at the same moment on different keys all take effect.

Examples:
  kafka-cli topic config orders
  kafka-cli topic config orders --set retention.ms=3600000 --set cleanup.policy=compact,delete
  kafka-cli topic config orders --unset retention.ms -o json

JSON: {"topic", "changes": [{"name", "from": string|null, "to": string|null}],
       "configs": [{"name", "value", "source", "isDefault", "readOnly", "sensitive"}]}`;

interface Opts {
  set: string[];
  unset: string[];
  all?: boolean;
  validateOnly?: boolean;
  output: string;
}

export function registerTopicConfig(topic: Command, ctx: Ctx): void {
  topic
    .command('config')
    .description("show or change a topic's configs")
    .argument('<topic>', 'topic name')
    .option('--set <key=value>', 'set a config on the topic, repeatable', collect, [])
    .option('--unset <key>', "remove the topic's own value (back to the default), repeatable", collect, [])
    .option('--all', 'show every config, not only the non-default ones')
    .option('--validate-only', 'ask the broker to check the change without applying it')
    .option('-o, --output <format>', 'table or json', 'table')
    .addHelpText('after', HELP)
    .action(async (name: string, opts: Opts) => {
      const format = parseTableOrJson(opts.output);
      const t = validateTopicName(name);
      const set = opts.set.map((s) => parseKeyValue(s, '--set'));
      const unset = opts.unset.map((k) => k.trim());
      const both = set.find(([k]) => unset.includes(k));
      if (both) throw new UsageError(`config '${both[0]}' is both set and unset`);
      if (opts.validateOnly && set.length + unset.length === 0) throw new UsageError('--validate-only needs --set or --unset');
      const { alterTopicConfigs } = await import('../../kafka/configs.js');
      const r = await alterTopicConfigs(await ctx.client(), t, set, unset, { validateOnly: opts.validateOnly === true });
      if (set.length + unset.length > 0) ctx.io.stderr.write(describeChanges(r, opts.validateOnly === true));
      const all = opts.all === true;
      if (format === 'json') ctx.io.stdout.write(renderJson(alterConfigsJson(r, all)));
      else {
        const table = renderAlterConfigsTable(r, chalkFor(ctx.io, ctx.io.stdout), all);
        if (table) ctx.io.stdout.write(table);
        else ctx.io.stderr.write(`topic '${t}': every config has its default value\n`);
      }
    });
}
