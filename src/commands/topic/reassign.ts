import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { UsageError } from '../../core/errors.js';
import { collect, parseIntArg, validateTopicName } from '../../core/parse.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { asJson, printView } from '../../cli/view.js';
import { reassignPlanJson, reassignStatusJson, reassignSummary, renderReassignPlan, renderReassignStatus } from '../../format/admin/reassign.js';
import type { ReassignTarget } from '../../kafka/admin/reassign.js';

const HELP = `
Without --execute it only shows the plan (current and target replicas per partition).
The first broker of a replica list is the preferred leader. --broker-list spreads the
partitions over the brokers given, keeping each partition's replication factor.
--cancel sends the partitions still moving back to their original replicas.

Examples:
  kafka-cli topic reassign orders --broker-list 1,2,3                  # plan
  kafka-cli topic reassign orders --replicas 0:2,3,1 --replicas 1:3,1,2 --execute
  kafka-cli topic reassign orders --broker-list 4,5,6 --execute --throttle 10000000   # 10 MB/s
  kafka-cli topic reassign orders --status
  kafka-cli topic reassign orders --cancel

JSON: plan {"topic", "executed", "throttle", "partitions": [{"partition", "currentReplicas", "targetReplicas", "changes"}]};
--status/--cancel {"topic", "inProgress", "partitions": [{"partition", "leader", "replicas", "isr", "addingReplicas", "removingReplicas", "inProgress"}]}`;

interface Opts {
  replicas: string[];
  brokerList?: string;
  execute?: boolean;
  status?: boolean;
  cancel?: boolean;
  throttle?: string;
  output: TableOrJson;
}

function brokerList(text: string, flag: string): number[] {
  const ids = text.split(',').map((b) => parseIntArg(b.trim(), flag, 0, 2 ** 31 - 1));
  if (new Set(ids).size !== ids.length) throw new UsageError(`invalid ${flag} '${text}': a broker is named twice`);
  return ids;
}

/** `0:1,2,3` (partition 0 on brokers 1, 2, 3); repeatable, or several separated by spaces. */
export function parseReplicaAssignments(values: string[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const v of values.flatMap((x) => x.split(/\s+/)).filter(Boolean)) {
    const m = /^(\d+):(.+)$/.exec(v);
    if (!m) throw new UsageError(`invalid --replicas '${v}': expected partition:broker,broker,... like 0:1,2,3`);
    const p = parseIntArg(m[1]!, '--replicas', 0, 2 ** 31 - 1);
    if (out.has(p)) throw new UsageError(`invalid --replicas: partition ${p} is given twice`);
    out.set(p, brokerList(m[2]!, '--replicas'));
  }
  return out;
}

export function registerTopicReassign(topic: Command, ctx: Ctx): void {
  topic
    .command('reassign')
    .description("move a topic's partition replicas to other brokers: a plan first, --execute to start, --status, --cancel")
    .argument('<topic>', 'topic name')
    .option('--replicas <p:b,b,...>', 'target replicas of one partition (repeatable), e.g. 0:1,2,3', collect, [])
    .option('--broker-list <ids>', 'spread every partition evenly over these brokers, e.g. 1,2,3')
    .option('--execute', 'start the reassignment (without it: only the plan)')
    .option('--throttle <bytes/s>', 'with --execute: limit replication traffic of the move (removed by --status once done)')
    .option('--status', 'show the progress of ongoing reassignments')
    .option('--cancel', 'cancel ongoing reassignments (back to the original replicas)')
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', HELP)
    .action(async (name: string, opts: Opts) => {
      const format = opts.output;
      const t = validateTopicName(name);
      const modes = [opts.replicas.length > 0 || opts.brokerList !== undefined, opts.status === true, opts.cancel === true].filter(Boolean).length;
      if (modes !== 1) throw new UsageError('give one of --replicas/--broker-list (a plan, --execute to start), --status or --cancel');
      if (opts.replicas.length && opts.brokerList !== undefined) throw new UsageError('give --replicas or --broker-list, not both');
      if (opts.execute && (opts.status || opts.cancel)) throw new UsageError('--execute goes with --replicas or --broker-list');
      if (opts.throttle !== undefined && !opts.execute) throw new UsageError('--throttle goes with --execute');
      const throttle = opts.throttle === undefined ? undefined : parseIntArg(opts.throttle, '--throttle', 1);
      const { reassign, reassignStatus, cancelReassign, removeThrottle } = await import('../../kafka/admin/reassign.js');
      const client = await ctx.client();
      if (opts.status || opts.cancel) {
        const rows = opts.status ? await reassignStatus(client, t) : await cancelReassign(client, t);
        await printView(ctx.io, format, rows, { json: asJson((r) => reassignStatusJson(t, r)), table: renderReassignStatus });
        if (opts.cancel) ctx.io.stderr.write(`cancelled the reassignment of ${rows.length} partition${rows.length === 1 ? '' : 's'} of '${t}'\n`);
        // Like kafka-reassign-partitions --verify: once nothing moves, the throttle goes.
        if (!rows.some((r) => r.inProgress) && (await removeThrottle(client, t))) ctx.io.stderr.write(`replication throttle of '${t}' removed\n`);
        return;
      }
      const target: ReassignTarget = opts.brokerList !== undefined ? { kind: 'brokers', brokers: brokerList(opts.brokerList, '--broker-list') } : { kind: 'replicas', assignments: parseReplicaAssignments(opts.replicas) };
      const plan = await reassign(client, { topic: t, target, execute: opts.execute === true, throttle });
      await printView(ctx.io, format, plan, { json: asJson(reassignPlanJson), table: renderReassignPlan });
      ctx.io.stderr.write(reassignSummary(plan));
    });
}
