import type { Command } from 'commander';
import type { Ctx } from '../cli/context.js';
import { chalkFor, parseTableOrJson, renderJson } from '../format/output.js';
import { renderClusterTable } from '../format/cluster.js';
import { registerElectLeaders } from './cluster/elect-leaders.js';

export function registerCluster(program: Command, ctx: Ctx): void {
  const cluster = program
    .command('cluster')
    .description('show the cluster id, controller and brokers')
    .option('-o, --output <format>', 'table or json', 'table')
    .addHelpText('after', '\nExamples:\n  kafka-cli cluster\n  kafka-cli -b kafka1:9092 cluster -o json\n\nJSON: {"clusterId", "controller", "brokers": [{"id", "host", "port", "isController"}]}')
    .action(async (opts: { output: string }) => {
      const format = parseTableOrJson(opts.output);
      const { describeCluster } = await import('../kafka/cluster.js');
      const data = await describeCluster(await ctx.client());
      ctx.io.stdout.write(format === 'json' ? renderJson(data) : renderClusterTable(data, chalkFor(ctx.io, ctx.io.stdout)));
    });
  registerElectLeaders(cluster, ctx);
}
