import type { Command } from 'commander';
import type { Ctx } from '../cli/context.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../cli/output-option.js';
import { asJson, printView } from '../cli/view.js';
import { renderClusterTable, toClusterJson } from '../format/admin/cluster.js';
import { registerElectLeaders } from './cluster/elect-leaders.js';

const HELP = `
Brokers (id, address, rack, fenced), the KRaft controllers as the quorum reports them
(active controller = quorum leader, each voter's log end and lag), and the cluster's
finalized features (metadata.version with its release name, kraft.version,
group.version, share.version, ...). A '*' marks the active controller.

Examples:
  kafka-cli cluster
  kafka-cli -b kafka1:9092 cluster -o json | jq .metadataVersion
  kafka-cli cluster elect-leaders --topic orders      preferred leader election

JSON: {"clusterId", "controller", "metadataVersion", "brokers": [{"id", "host", "port", "rack", "fenced",
  "isController"}], "quorum": {"leaderId", "leaderEpoch", "highWatermark": "<int64>", "voters":
  [{"id", "host", "port", "logEndOffset": "<int64>", "lag", "lastCaughtUpTimestamp"}], "observers": [...]}|null,
  "features": [{"name", "level", "minLevel"}]}`;

export function registerCluster(program: Command, ctx: Ctx): void {
  const cluster = program
    .command('cluster')
    .description('show the brokers, the KRaft controllers and the finalized features (metadata.version)')
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', HELP)
    .action(async (opts: { output: TableOrJson }) => {
      const format = opts.output;
      const { describeCluster } = await import('../kafka/admin/cluster.js');
      const data = await describeCluster(await ctx.client());
      await printView(ctx.io, format, data, { json: asJson(toClusterJson), table: renderClusterTable });
    });
  registerElectLeaders(cluster, ctx);
}
