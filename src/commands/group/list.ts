import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { collect, oneOf } from '../../core/parse.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { asJson, note, printView } from '../../cli/view.js';
import { renderGroupListTable, toGroupListJson, type ListedGroup } from '../../format/groups.js';
import type { GroupType } from '../../kafka/groups/groups.js';

const TYPES = ['classic', 'consumer', 'share', 'streams'] as const;

const HELP = `
Lists every group the brokers know, of every type:
  classic   the classic rebalance protocol (kafkajs, librdkafka, Java before group.protocol=consumer,
            and others such as Connect's)
  consumer  the consumer protocol of Kafka 4 (KIP-848: Java clients with group.protocol=consumer)
  share     share groups (KIP-932, queues for Kafka 4.2+)
  streams   Kafka Streams groups with group.protocol=streams (KIP-1071)
STATE as the broker names it: Stable, Empty (no members; offsets kept), PreparingRebalance,
CompletingRebalance (classic), Assigning, Reconciling (consumer, streams), NotReady (streams),
Dead. Brokers before Kafka 4.0 know classic groups only (and show every group as classic).

Examples:
  kafka-cli group list
  kafka-cli group list --type consumer,share --state stable
  kafka-cli group list --lag
  kafka-cli group list -o json | jq -r '.[] | select(.state == "Empty") | .group'

JSON: [{"group", "type", "state", "members", "protocolType"}], with --lag also "totalLag":
<integer>|null (exact; null for groups that do not consume, e.g. Connect's).`;

interface Opts {
  output: TableOrJson;
  type: string[];
  state: string[];
  lag?: boolean;
}

const splitList = (values: string[]) => values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);

export function registerGroupList(group: Command, ctx: Ctx): void {
  group
    .command('list')
    .alias('ls')
    .description('list groups of every type with state, member count and protocol type')
    .option('--type <types>', 'only these group types: classic, consumer, share, streams (comma-separated or repeated)', collect, [])
    .option('--state <states>', 'only groups in these states, e.g. Stable,Empty (case-insensitive; comma-separated or repeated)', collect, [])
    .option('--lag', 'also show each consuming group\'s total lag (reads committed offsets and log ends)')
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', HELP)
    .action(async (opts: Opts) => {
      const format = opts.output;
      const types = splitList(opts.type).map((t) => oneOf(t.toLowerCase(), TYPES, '--type')) as GroupType[];
      const states = splitList(opts.state);
      const { listGroups } = await import('../../kafka/groups/groups.js');
      const client = await ctx.client();
      let groups: ListedGroup[] = await listGroups(client, { types, states });
      if (opts.lag) {
        const { describeLag, isConsumerGroup } = await import('../../kafka/groups/lag.js');
        const consuming = groups.filter((g) => isConsumerGroup(g.protocolType, g.type) && g.state !== 'Dead');
        const report = consuming.length ? await describeLag(client, { groups: consuming.map((g) => g.group), allGroups: false, topics: [], time: false, tolerateMissing: true }) : { groups: [] };
        const lagOf = new Map(report.groups.map((g) => [g.group, g.totalLag]));
        groups = groups.map((g) => ({ ...g, totalLag: lagOf.get(g.group) ?? null }));
      }
      const lag = opts.lag === true;
      await printView(ctx.io, format, groups, {
        json: asJson((g) => toGroupListJson(g, lag)),
        table: (g, c) => (g.length ? renderGroupListTable(g, c, lag) : note(types.length || states.length ? 'no groups match\n' : 'no groups\n')),
      });
    });
}
