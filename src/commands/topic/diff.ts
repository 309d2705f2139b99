/** `kafka-cli topic diff --to-profile <p> | --to-brokers <b> [regex]`: compare the topics of two clusters. */
import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { ThresholdExceeded, UsageError } from '../../core/errors.js';
import { addTargetOptions } from '../../cli/target-options.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { printView } from '../../cli/view.js';
import type { TargetFlags } from '../../config/target.js';

const HELP = `
Compares the topics of this cluster (source: -b/--profile) with another (target: --to-profile or
--to-brokers, with its own --to-sasl-* and --to-tls* flags): topics only on one side, and for topics on both,
partition counts, replication factors, and configs set on the topic on either side whose values differ.
The regex selects topics by name (a search, as topic list --match); internal topics are left out.

Exit codes: 0 no difference, 3 a difference (listed on stdout), 1 failed, 2 usage.

Examples:
  kafka-cli --profile prod topic diff --to-profile staging
  kafka-cli topic diff --to-brokers staging-kafka:9092 '^orders\\.' -o json
  kafka-cli --profile prod topic diff --to-profile staging --ignore-replication || echo "staging drifted"

JSON: {"source", "target", "identical", "onlyInSource": [topic], "onlyInTarget": [topic],
  "different": [{"topic", "partitions": {"source","target"}|null, "replicationFactor": {"source","target"}|null,
  "configs": [{"name", "source": {"value","default"}|null, "target": {"value","default"}|null}]}], "same": <count>}`;

interface Opts extends TargetFlags {
  output: TableOrJson;
  ignoreReplication?: boolean;
}

export function registerTopicDiff(topic: Command, ctx: Ctx): void {
  const cmd = topic
    .command('diff')
    .description('compare topics, partitions, replication and configs with another cluster (exit 3 on a difference)')
    .argument('[regex]', 'only topics whose name matches')
    .addOption(outputOption(TABLE_JSON, 'table'))
    .option('--ignore-replication', 'do not compare replication factors (e.g. a 1-broker staging cluster)');
  addTargetOptions(cmd, 'the other cluster')
    .addHelpText('after', HELP)
    .action(async (regex: string | undefined, opts: Opts) => {
      const format = opts.output;
      let pattern: RegExp | undefined;
      if (regex !== undefined) {
        try {
          pattern = new RegExp(regex);
        } catch (e) {
          throw new UsageError(`invalid regex '${regex}': ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`);
        }
      }
      const [{ targetClient, clusterName }, { readTopicShapes, diffTopics, hasDifference }, view] = await Promise.all([
        import('../../cli/target-client.js'),
        import('../../kafka/admin/topic-diff.js'),
        import('../../format/admin/topic-diff.js'),
      ]);
      const target = await targetClient(ctx, opts);
      const source = await ctx.client();
      const [a, b] = await Promise.all([readTopicShapes(source, pattern), readTopicShapes(target, pattern)]);
      const diff = diffTopics(a, b, { ignoreReplication: opts.ignoreReplication === true });
      const sides = { source: clusterName(source), target: clusterName(target) };
      await printView(ctx.io, format, diff, { json: (d) => view.renderDiffJson(d, sides), table: (d, c) => (hasDifference(d) ? view.renderDiffTable(d, c) : '') });
      if (hasDifference(diff)) throw new ThresholdExceeded(`the clusters differ: ${view.diffSummary(diff)}`);
      ctx.io.stderr.write(`no difference: ${view.diffSummary(diff)}\n`);
    });
}
