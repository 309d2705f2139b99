import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { KafkaError, UsageError } from '../../core/errors.js';
import { parsePartitionList, validateTopicName } from '../../core/parse.js';
import { electionJson, electionSummary, renderElection } from '../../format/admin/elect-leaders.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { asJson, printView } from '../../cli/view.js';

const HELP = `
Preferred election makes each partition's first replica its leader again (after a broker
came back, leadership stays where it moved). --unclean elects any live replica, even one
that is not in sync, for partitions with no leader: messages can be lost; use it only
when the in-sync replicas are gone for good. Exit 1 when an election failed.

Examples:
  kafka-cli cluster elect-leaders
  kafka-cli cluster elect-leaders --topic orders --partition 0,2 -o json
  kafka-cli cluster elect-leaders --topic orders --unclean

JSON: [{"topic", "partition", "leaderBefore", "leaderAfter", "outcome": "elected" | "not-needed" | "failed", "error"}]`;

export function registerElectLeaders(cluster: Command, ctx: Ctx): void {
  cluster
    .command('elect-leaders')
    .description('run a preferred (or unclean) leader election and report per partition what changed')
    .option('--topic <topic>', 'only this topic (default: every partition)')
    .option('-p, --partition <list>', 'only these partitions of --topic (0,2 or 0-3)')
    .option('--unclean', 'elect an out-of-sync replica where no in-sync one is left (may lose messages)')
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', HELP)
    .action(async (opts: { topic?: string; partition?: string; unclean?: boolean; output: TableOrJson }, cmd: Command) => {
      // `cluster` has its own -o, and commander gives it the flag when typed after `elect-leaders` too.
      const format = cmd.getOptionValueSource('output') === 'default' ? (cmd.parent?.opts<{ output?: TableOrJson }>().output ?? opts.output) : opts.output;
      if (opts.partition !== undefined && opts.topic === undefined) throw new UsageError('--partition needs --topic');
      const o = {
        topic: opts.topic === undefined ? undefined : validateTopicName(opts.topic),
        partitions: opts.partition === undefined ? undefined : parsePartitionList(opts.partition),
        unclean: opts.unclean === true,
      };
      const { electLeaders } = await import('../../kafka/admin/elect-leaders.js');
      const rows = await electLeaders(await ctx.client(), o);
      await printView(ctx.io, format, rows, { json: asJson(electionJson), table: renderElection });
      ctx.io.stderr.write(electionSummary(rows));
      const failed = rows.filter((r) => r.outcome === 'failed');
      if (failed.length) throw new KafkaError(`election failed for ${failed.map((r) => `${r.topic}[${r.partition}]`).join(', ')}: ${failed[0]!.error}`);
    });
}
