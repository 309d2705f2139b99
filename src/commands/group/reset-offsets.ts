import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { UsageError } from '../../core/errors.js';
import { collect, DURATION_GRAMMAR, INT64_MIN, parseInteger, parsePartitionList, validateTopicName } from '../../core/parse.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { asJson, printView } from '../../cli/view.js';
import { renderResetTable, resetSummary, toResetJson } from '../../format/groups.js';
import type { ResetMode } from '../../kafka/groups/reset-offsets.js';
import { timeOrUndefined } from '../../cli/offset-spec.js';
import { lazyWorkProgress } from '../../format/progress.js';

const HELP = `
Prints the plan (partition, current offset, new offset) and changes nothing unless
--execute is given. Kafka only lets a group's offsets be changed while none of its
consumers runs: with active members it refuses (exit 1), dry run included.
Targets outside the log are moved to its start or end (NOTE column), as Apache's tool does.

Exactly one of:
  --to-earliest            the first offset still in the log
  --to-latest              the log end (skip everything not yet consumed)
  --to-offset <n>          offset n
  --to-datetime <time>     the first message at or after the time: ISO 8601 (2024-05-01T12:00:00Z;
                           no zone = local time), a time ago (1h, 2d) or epoch milliseconds (1714564800000 or @1714564800000)
  --shift-by <n>           the committed offset plus n (negative to go back: --shift-by=-100)

Topics: --topic t (repeatable), --topic t:0,2 (those partitions, as kafka-consumer-groups.sh takes it),
or --all-topics: every partition the group has committed offsets for (as kafka-consumer-groups.sh --all-topics);
add --include-uncommitted to plan the other partitions of those topics too (they get a first commit).
--dry-run is the default, said explicitly.

Examples:
  kafka-cli group reset-offsets billing --topic orders --to-earliest
  kafka-cli group reset-offsets billing --topic orders:0,2 --topic payments --to-latest --dry-run
  kafka-cli group reset-offsets billing --all-topics --to-datetime 1h --execute
  kafka-cli group reset-offsets billing --topic orders --to-datetime 2024-05-01T00:00:00Z --execute
  kafka-cli group reset-offsets billing --topic orders --partition 0,2 --shift-by=-500 --execute

JSON: {"group", "state", "executed", "partitions": [{"topic", "partition",
  "currentOffset": "<int64>"|null, "newOffset": "<int64>", "clamped": null|"log-start"|"log-end"}]}`;

interface Opts {
  topic: string[];
  allTopics?: boolean;
  includeUncommitted?: boolean;
  dryRun?: boolean;
  partition?: string;
  toEarliest?: boolean;
  toLatest?: boolean;
  toOffset?: string;
  toDatetime?: string;
  shiftBy?: string;
  execute?: boolean;
  quiet?: boolean;
  output: TableOrJson;
}


/** ISO 8601 time, a time ago (`1h`, `2d`, as `tail --from`), or epoch milliseconds. */
export function parseDatetime(text: string, now: number = Date.now()): bigint {
  const t = text.trim();
  if (/^\d+$/.test(t)) return parseInteger(t, '--to-datetime', { noun: 'epoch milliseconds' });
  const ms = timeOrUndefined(t, now);
  if (ms !== undefined) return BigInt(ms);
  throw new UsageError(`invalid --to-datetime '${text}': expected ISO 8601 like 2024-05-01T12:00:00Z, a time ago (${DURATION_GRAMMAR}, e.g. 1h or 2d), or epoch milliseconds`);
}

/** `--topic orders`, `--topic orders:0,2` (Apache's syntax), `-p` with a single topic, or `--all-topics`. */
export function parseResetTopics(o: Pick<Opts, 'topic' | 'allTopics' | 'partition'>): Array<{ topic: string; partitions?: number[] }> {
  if (o.allTopics && o.topic.length) throw new UsageError('use either --topic or --all-topics, not both');
  if (!o.allTopics && o.topic.length === 0) throw new UsageError('name the topic: --topic <name> (repeatable, name:0,2 for partitions) or --all-topics');
  if (o.partition !== undefined && o.topic.length !== 1) throw new UsageError('--partition goes with exactly one --topic (or write --topic name:0,2)');
  const seen = new Set<string>();
  return o.topic.map((t) => {
    const m = /^(.*?):([0-9,\-\s]+)$/.exec(t);
    const topic = validateTopicName(m ? m[1]! : t);
    if (seen.has(topic)) throw new UsageError(`topic '${topic}' is given twice`);
    seen.add(topic);
    if (m && o.partition !== undefined) throw new UsageError(`give the partitions of '${topic}' once: --topic ${topic}:n,... or --partition`);
    const partitions = m ? parsePartitionList(m[2]!, '--topic') : o.partition !== undefined ? parsePartitionList(o.partition) : undefined;
    return { topic, partitions };
  });
}

export function parseResetMode(o: Opts): ResetMode {
  const modes: ResetMode[] = [];
  if (o.toEarliest) modes.push({ kind: 'earliest' });
  if (o.toLatest) modes.push({ kind: 'latest' });
  if (o.toOffset !== undefined) modes.push({ kind: 'offset', offset: parseInteger(o.toOffset, '--to-offset', { noun: 'an offset' }) });
  if (o.toDatetime !== undefined) modes.push({ kind: 'datetime', timestampMs: parseDatetime(o.toDatetime) });
  if (o.shiftBy !== undefined) modes.push({ kind: 'shift', by: parseInteger(o.shiftBy, '--shift-by', { min: INT64_MIN }) });
  if (modes.length !== 1) {
    throw new UsageError(`${modes.length === 0 ? 'choose' : 'choose only'} one of --to-earliest, --to-latest, --to-offset, --to-datetime, --shift-by`);
  }
  return modes[0]!;
}

export function registerGroupResetOffsets(group: Command, ctx: Ctx): void {
  group
    .command('reset-offsets')
    .description("plan (and with --execute, commit) new committed offsets for a group's partitions")
    .argument('<group>', 'consumer group id')
    .option('-t, --topic <name[:n,...]>', 'a topic whose offsets to reset, optionally with partitions (orders:0,2); repeatable', collect, [])
    .option('--all-topics', 'every partition the group has offsets for (committed offsets; a share group: start offsets)')
    .option('--include-uncommitted', 'with --all-topics: also the partitions of those topics with no offset yet')
    .option('-p, --partition <n,...>', 'only these partitions, e.g. 0,2 or 0-3 (default: all; with one --topic)')
    .option('--to-earliest', 'to the log start')
    .option('--to-latest', 'to the log end')
    .option('--to-offset <n>', 'to offset n')
    .option('--to-datetime <time>', 'to the first message at or after the time')
    .option('--shift-by <n>', 'move the committed offset by n (may be negative)')
    .option('--execute', 'commit the plan (without it nothing changes)')
    .option('-q, --quiet', 'no progress line (with --execute on a terminal: partitions committed/total)')
    .option('--dry-run', 'only print the plan (the default; cannot be combined with --execute)')
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', HELP)
    .action(async (groupId: string, opts: Opts) => {
      const format = opts.output;
      const mode = parseResetMode(opts);
      const topics = parseResetTopics(opts);
      if (opts.includeUncommitted && !opts.allTopics) throw new UsageError('--include-uncommitted goes with --all-topics');
      if (opts.dryRun && opts.execute) throw new UsageError('use either --dry-run or --execute, not both');
      if (groupId.length === 0) throw new UsageError('invalid group id: it is empty');
      const { resetOffsetsOfTopics } = await import('../../kafka/groups/reset-topics.js');
      const progress = lazyWorkProgress(ctx.io, { label: 'reset-offsets', unit: 'partitions', quiet: opts.quiet });
      let plan;
      try {
        plan = await resetOffsetsOfTopics(await ctx.client(), { group: groupId, topics, allTopics: opts.allTopics === true, includeUncommitted: opts.includeUncommitted === true, mode, execute: opts.execute === true, onProgress: progress.onProgress });
      } finally {
        progress.stop();
      }
      await printView(ctx.io, format, plan, { json: asJson(toResetJson), table: renderResetTable });
      ctx.io.stderr.write(resetSummary(plan) + '\n');
    });
}
