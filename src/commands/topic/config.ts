import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { UsageError } from '../../core/errors.js';
import { collect, parseKeyValue, validateTopicName } from '../../core/parse.js';
import { convertConfigs, parseAddConfig, parseDeleteConfig } from '../../cli/config-values.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { asJson, note, printView } from '../../cli/view.js';
import { alterConfigsJson, describeChanges, renderAlterConfigsTable } from '../../format/admin/topics.js';

const HELP = `
Without --set/--unset, shows the topic's non-default configs (--all: every config).
--unset removes the topic's own value, so the broker's default applies again.
Apache's forms work too: --add-config k=v,k2=[a,b] and --delete-config k,k2.
Time (*.ms) and size (*.bytes) configs take units: retention.ms=7d (ms, s, m, h, d, w),
segment.bytes=1GiB (B, KB, MB, GB, TB, KiB, MiB, GiB, TiB); the converted value is shown before sending.
Other overrides of the topic are kept. All changes of one command go to the broker as
one IncrementalAlterConfigs request: applied together or not at all, and commands run
at the same moment on different keys all take effect.

Examples:
  kafka-cli topic config orders
  kafka-cli topic config orders --set retention.ms=3600000 --set cleanup.policy=compact,delete
  kafka-cli topic config orders --unset retention.ms -o json
  kafka-cli topic config orders --add-config retention.ms=7d,segment.bytes=256MiB --delete-config flush.ms

JSON: {"topic", "changes": [{"name", "from": string|null, "to": string|null}],
       "configs": [{"name", "value", "source", "isDefault", "readOnly", "sensitive"}]}`;

interface Opts {
  set: string[];
  unset: string[];
  addConfig: string[];
  deleteConfig: string[];
  all?: boolean;
  validateOnly?: boolean;
  output: TableOrJson;
}

export function registerTopicConfig(topic: Command, ctx: Ctx): void {
  topic
    .command('config')
    .description("show or change a topic's configs")
    .argument('<topic>', 'topic name')
    .option('--set <key=value>', 'set a config on the topic, repeatable', collect, [])
    .option('--unset <key>', "remove the topic's own value (back to the default), repeatable", collect, [])
    .option('--add-config <k=v,...>', 'as kafka-configs.sh: set configs, comma-separated (list values in [ ])', collect, [])
    .option('--delete-config <k,...>', 'as kafka-configs.sh: unset configs, comma-separated', collect, [])
    .option('--all', 'show every config, not only the non-default ones')
    .option('--validate-only', 'ask the broker to check the change without applying it')
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', HELP)
    .action(async (name: string, opts: Opts) => {
      const format = opts.output;
      const t = validateTopicName(name);
      const notes: string[] = [];
      const set = convertConfigs([...opts.set.map((s) => parseKeyValue(s, '--set')), ...opts.addConfig.flatMap((a) => parseAddConfig(a))], notes);
      const unset = [...opts.unset.map((k) => k.trim()), ...opts.deleteConfig.flatMap((d) => parseDeleteConfig(d))];
      const both = set.find(([k]) => unset.includes(k));
      if (both) throw new UsageError(`config '${both[0]}' is both set and unset`);
      if (opts.validateOnly && set.length + unset.length === 0) throw new UsageError('--validate-only needs --set, --unset, --add-config or --delete-config');
      for (const n of notes) ctx.io.stderr.write(n + '\n');
      const { alterTopicConfigs } = await import('../../kafka/admin/configs.js');
      const r = await alterTopicConfigs(await ctx.client(), t, set, unset, { validateOnly: opts.validateOnly === true });
      if (set.length + unset.length > 0) ctx.io.stderr.write(describeChanges(r, opts.validateOnly === true));
      const all = opts.all === true;
      await printView(ctx.io, format, r, {
        json: asJson((d) => alterConfigsJson(d, all)),
        table: (d, c) => renderAlterConfigsTable(d, c, all) || note(`topic '${t}': every config has its default value\n`),
      });
    });
}
