/** `kafka-cli lag [group...]` and `kafka-cli group describe <group...>`: lag per partition, per topic, per group. */
import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { ThresholdExceeded, UsageError } from '../../core/errors.js';
import { writeAsync } from '../../core/io.js';
import { collect, parseDuration, parseInteger, validateTopicName } from '../../core/parse.js';
import { chalkFor, renderNdjsonLine } from '../../format/output.js';
import { LAG_FORMATS, outputOption, type LagFormat } from '../../cli/output-option.js';
import { note, printView } from '../../cli/view.js';
import { findBreaches, renderLagJson, renderLagView, renderLagWatchFrame, toLagJson } from '../../format/lag.js';
import { trendReads } from '../../format/lag-trend.js';
import type { LagOptions, LagReport } from '../../kafka/groups/lag.js';
import { watchEvery } from '../../cli/watch.js';

const HELP = `
Per partition: committed offset, log-end offset (high watermark), lag, and the consumer
it is assigned to. Partitions of a consumed topic with no committed offset show '-'
(lag null in JSON, counted as 0 in totals). Groups with no active members still show
their last committed offsets. An unknown group fails with exit 1.

Every group type: classic, consumer (KIP-848), share (KIP-932: per partition the
share-partition START-OFFSET and the lag the broker reports, as kafka-share-groups
--describe) and streams (lag from committed offsets). --all-groups prints one overview
row per group (GROUP, TYPE, STATE, MEMBERS, TOPICS, TOTAL-LAG), most lagging first;
--details adds each group's partition table (the default when groups are named).
--members lists each member with its assigned partitions (kafka-consumer-groups
--describe --members --verbose); consumer groups add the member epoch, the target epoch and
target assignment, marked (reconciling) until the member owns it; share groups the member epoch.

Exit codes: 0 ok (and lag within --max-lag), 1 failed or unknown group, 2 usage,
3 a group is over --max-lag / --max-lag-per-partition (named on stderr).

Examples:
  kafka-cli lag orders-service
  kafka-cli lag --group orders-service --group billing
  kafka-cli lag --all-groups --topic orders
  kafka-cli lag --all-groups --details
  kafka-cli lag orders-service --members
  kafka-cli lag my-share-group
  kafka-cli lag orders-service --time
  kafka-cli lag orders-service --watch 5s
  kafka-cli lag orders-service --watch 1m | head -5      ends once head exits, not at the next report
  kafka-cli lag --all-groups --max-lag 10000 -o json > lag.json || echo "lagging!"
  kafka-cli lag --all-groups --time -o prometheus

JSON: {"time", "groups": [{"group", "type", "state", "protocolType", "members", "memberList":
  [{"memberId", "clientId", "host", "instanceId", "assignment": [{"topic", "partition"}]}], "totalLag",
  consumer groups' members also "memberEpoch", "targetAssignmentEpoch", "targetAssignment", "reconciling";
  share groups' "memberEpoch".
  "topics": [{"topic", "totalLag", "partitions": [{"partition", "committedOffset": "<int64>"|null,
  "logEndOffset": "<int64>"|null, "lag": <integer>|null, "consumer": {"memberId", "clientId", "host"}|null}]}]}]}
For share groups committedOffset is the share-partition start offset. With --time, groups also
have "maxTimeLagMs" and partitions "oldestUnconsumedTimestamp", "timeLagMs".

--watch adds per group a TREND line: the total lag over the last five minutes of reads (a sparkline,
as in kafka-cli top) and the estimate at the pace of the last five reads: "catching up in ~2m03s",
"falling behind", "stalled" or "caught up". With -o json each report's topics get "consumedPerSec"
and "producedPerSec" (null on the first), and each group "trend": {"lagPerSec": <number>|null,
"eta": "caught-up"|"eta"|"falling-behind"|"stalled"|"unknown", "etaSeconds": <integer>|null}.

Prometheus (-o prometheus, for node_exporter's textfile collector): gauges kafka_cli_consumergroup_lag,
  _committed_offset, _log_end_offset (labels group, type, topic, partition), _group_lag and _members (group, type);
  with --time also _lag_seconds and _max_lag_seconds. Write it atomically:
  kafka-cli lag --all-groups --time -o prometheus > /var/lib/node_exporter/kafka_lag.prom.$$ &&
    mv /var/lib/node_exporter/kafka_lag.prom.$$ /var/lib/node_exporter/kafka_lag.prom`;

interface Opts {
  allGroups?: boolean;
  group?: string[];
  topic?: string[];
  output: LagFormat;
  maxLag?: string;
  maxLagPerPartition?: string;
  time?: boolean;
  watch?: string | boolean;
  members?: boolean;
  details?: boolean;
}

function parseCount(text: string | undefined, flag: string): bigint | undefined {
  if (text === undefined) return undefined;
  return parseInteger(text, flag, { noun: 'a whole number of messages' });
}

/** Adds the lag flags and action to `cmd` (shared by `lag` and `group describe`). */
export function configureLag(cmd: Command, ctx: Ctx): Command {
  return cmd
    .option('--all-groups', 'every group that consumes (all types): an overview row per group')
    .option('--details', 'with --all-groups: also each group\'s partition table')
    .option('--members', 'also list each group\'s members and their assigned partitions')
    .option('-g, --group <id>', 'a group (repeatable; the same as naming it, as kafka-consumer-groups.sh --group)', collect, [])
    .option('-t, --topic <name>', 'only this topic (repeatable)', collect, [])
    .addOption(outputOption(LAG_FORMATS, 'table'))
    .option('--max-lag <n>', 'exit 3 when a group\'s total lag is above n')
    .option('--max-lag-per-partition <n>', 'exit 3 when any partition\'s lag is above n')
    .option('--time', 'also show how old the oldest unconsumed message of each partition is')
    .option('-w, --watch [interval]', 'redraw every interval (default 2s) with consumption and production rates; Ctrl-C to stop')
    .addHelpText('after', HELP)
    .action(async (named: string[], opts: Opts) => {
      const format = opts.output;
      const groups = [...new Set([...named, ...(opts.group ?? [])])];
      const options: LagOptions = {
        groups,
        allGroups: opts.allGroups === true,
        topics: [...new Set((opts.topic ?? []).map(validateTopicName))],
        time: opts.time === true,
      };
      if (options.allGroups && groups.length) throw new UsageError('name groups or use --all-groups, not both');
      if (!options.allGroups && groups.length === 0) throw new UsageError('name one or more consumer groups, or use --all-groups');
      if (opts.details && !options.allGroups) throw new UsageError('--details goes with --all-groups (named groups always show their partitions)');
      const maxLag = parseCount(opts.maxLag, '--max-lag');
      const maxPerPartition = parseCount(opts.maxLagPerPartition, '--max-lag-per-partition');
      const watchMs = opts.watch === undefined || opts.watch === false ? undefined : opts.watch === true ? 2000 : parseDuration(opts.watch, '--watch');
      if (watchMs !== undefined && watchMs < 100) throw new UsageError('invalid --watch: the interval must be at least 100ms');
      if (watchMs !== undefined && format === 'prometheus') throw new UsageError('-o prometheus writes one snapshot: it cannot be combined with --watch (run it from cron)');
      if (watchMs !== undefined && (maxLag !== undefined || maxPerPartition !== undefined)) {
        throw new UsageError('--max-lag is a one-shot check: it cannot be combined with --watch');
      }

      const { LagReader } = await import('../../kafka/groups/lag.js');
      const client = await ctx.client();
      const reader = await LagReader.open(client);
      ctx.onCleanup(() => reader.close());
      const color = chalkFor(ctx.io, ctx.io.stdout);
      const view = { allGroups: options.allGroups, time: options.time, details: opts.details === true, members: opts.members === true };

      if (watchMs === undefined) {
        const report = await reader.read(options);
        await printView(ctx.io, format, report, {
          json: (r) => renderLagJson(r, options.time),
          prometheus: async (r) => (await import('../../format/prometheus.js')).renderLagPrometheus(r, options.time),
          table: (r) => (r.groups.length ? renderLagView(r, color, view) : note(options.topics.length ? 'no consumer group consumes these topics\n' : 'no consumer groups\n')),
        });
        const breaches = findBreaches(report, maxLag, maxPerPartition);
        if (breaches.length) throw new ThresholdExceeded(`lag over the limit: ${breaches.map((b) => `group '${b.group}' ${b.what}`).join('; ')}`);
        return;
      }
      // --watch: a terminal is redrawn in place, anything else gets one report per interval.
      ctx.handlesSignal = true;
      ctx.endWhenReaderGoes();
      const inPlace = ctx.io.stdout.isTTY === true && format === 'table';
      let previous: LagReport | undefined;
      // The reads the trend and the catch-up estimate look back over (five minutes' worth).
      const history: LagReport[] = [];
      const keep = trendReads(watchMs);
      await watchEvery(watchMs, ctx.signal, {
        read: (first) => reader.read(options, !first),
        draw: async (report) => {
          history.push(report);
          if (history.length > keep) history.shift();
          const out = format === 'json' ? renderNdjsonLine(toLagJson(report, options.time, { previous, history })) : renderLagWatchFrame(report, color, view, watchMs, previous, inPlace, history);
          await writeAsync(ctx.io.stdout, out);
          previous = report;
        },
        warn: (m) => void ctx.io.stderr.write(`kafka-cli: warning: ${m}\n`),
      });
    });
}

export function registerLag(program: Command, ctx: Ctx): void {
  configureLag(program.command('lag').description('consumer group lag per partition, per topic and per group').argument('[group...]', 'consumer group ids'), ctx);
}

export function registerGroupDescribe(group: Command, ctx: Ctx): void {
  configureLag(
    group.command('describe').alias('lag').description('a group\'s lag per partition, members and state (same as `kafka-cli lag`)').argument('[group...]', 'consumer group ids'),
    ctx,
  );
}
