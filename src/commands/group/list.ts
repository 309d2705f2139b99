import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { chalkFor, parseTableOrJson, renderJson } from '../../format/output.js';
import { renderGroupListTable, toGroupListJson } from '../../format/groups.js';

const HELP = `
Lists every group the brokers know (consumer groups, and others such as Connect's).
STATE is Stable, Empty (no members; offsets kept), PreparingRebalance, CompletingRebalance or Dead.

Examples:
  kafka-cli group list
  kafka-cli group list -o json | jq -r '.[] | select(.state == "Empty") | .group'

JSON: [{"group", "state", "members", "protocolType"}]`;

export function registerGroupList(group: Command, ctx: Ctx): void {
  group
    .command('list')
    .alias('ls')
    .description('list consumer groups with state, member count and protocol type')
    .option('-o, --output <format>', 'table or json', 'table')
    .addHelpText('after', HELP)
    .action(async (opts: { output: string }) => {
      const format = parseTableOrJson(opts.output);
      const { listGroups } = await import('../../kafka/groups.js');
      const groups = await listGroups(await ctx.client());
      if (format === 'json') ctx.io.stdout.write(renderJson(toGroupListJson(groups)));
      else if (groups.length === 0) ctx.io.stderr.write('no consumer groups\n');
      else ctx.io.stdout.write(renderGroupListTable(groups, chalkFor(ctx.io, ctx.io.stdout)));
    });
}
