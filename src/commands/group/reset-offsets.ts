import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { UsageError } from '../../cli/errors.js';
import { parsePartitionList, validateTopicName } from '../../cli/parse.js';
import { chalkFor, parseTableOrJson, renderJson } from '../../format/output.js';
import { renderResetTable, resetSummary, toResetJson } from '../../format/groups.js';
import type { ResetMode } from '../../kafka/groups.js';
import { timeOrUndefined } from '../../format/offset-spec.js';

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

Examples:
  kafka-cli group reset-offsets billing --topic orders --to-earliest
  kafka-cli group reset-offsets billing --topic orders --to-datetime 2024-05-01T00:00:00Z --execute
  kafka-cli group reset-offsets billing --topic orders --partition 0,2 --shift-by=-500 --execute

JSON: {"group", "state", "executed", "partitions": [{"topic", "partition",
  "currentOffset": "<int64>"|null, "newOffset": "<int64>", "clamped": null|"log-start"|"log-end"}]}`;

interface Opts {
  topic: string;
  partition?: string;
  toEarliest?: boolean;
  toLatest?: boolean;
  toOffset?: string;
  toDatetime?: string;
  shiftBy?: string;
  execute?: boolean;
  output: string;
}

function int64(text: string, flag: string, allowNegative: boolean): bigint {
  const t = text.trim();
  if (!(allowNegative ? /^[+-]?\d+$/ : /^\+?\d+$/).test(t)) throw new UsageError(`invalid ${flag} '${text}': expected ${allowNegative ? 'an integer' : 'an offset >= 0'}`);
  const v = BigInt(t);
  if (v > 2n ** 63n - 1n || v < -(2n ** 63n)) throw new UsageError(`invalid ${flag} '${text}': out of the int64 range`);
  return v;
}

/** ISO 8601 time, a time ago (`1h`, `2d`, as `tail --from`), or epoch milliseconds. */
export function parseDatetime(text: string, now: number = Date.now()): bigint {
  const t = text.trim();
  if (/^\d+$/.test(t)) return BigInt(t);
  const ms = timeOrUndefined(t, now);
  if (ms !== undefined) return BigInt(ms);
  throw new UsageError(`invalid --to-datetime '${text}': expected ISO 8601 like 2024-05-01T12:00:00Z, a time ago like 1h or 2d, or epoch milliseconds`);
}

export function parseResetMode(o: Opts): ResetMode {
  const modes: ResetMode[] = [];
  if (o.toEarliest) modes.push({ kind: 'earliest' });
  if (o.toLatest) modes.push({ kind: 'latest' });
  if (o.toOffset !== undefined) modes.push({ kind: 'offset', offset: int64(o.toOffset, '--to-offset', false) });
  if (o.toDatetime !== undefined) modes.push({ kind: 'datetime', timestampMs: parseDatetime(o.toDatetime) });
  if (o.shiftBy !== undefined) modes.push({ kind: 'shift', by: int64(o.shiftBy, '--shift-by', true) });
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
    .requiredOption('-t, --topic <name>', 'the topic whose offsets to reset')
    .option('-p, --partition <n,...>', 'only these partitions, e.g. 0,2 or 0-3 (default: all)')
    .option('--to-earliest', 'to the log start')
    .option('--to-latest', 'to the log end')
    .option('--to-offset <n>', 'to offset n')
    .option('--to-datetime <time>', 'to the first message at or after the time')
    .option('--shift-by <n>', 'move the committed offset by n (may be negative)')
    .option('--execute', 'commit the plan (without it nothing changes)')
    .option('-o, --output <format>', 'table or json', 'table')
    .addHelpText('after', HELP)
    .action(async (groupId: string, opts: Opts) => {
      const format = parseTableOrJson(opts.output);
      const topic = validateTopicName(opts.topic);
      const mode = parseResetMode(opts);
      const partitions = opts.partition === undefined ? undefined : parsePartitionList(opts.partition);
      if (groupId.length === 0) throw new UsageError('invalid group id: it is empty');
      const { resetOffsets } = await import('../../kafka/groups.js');
      const plan = await resetOffsets(await ctx.client(), { group: groupId, topic, partitions, mode, execute: opts.execute === true });
      ctx.io.stdout.write(format === 'json' ? renderJson(toResetJson(plan)) : renderResetTable(plan, chalkFor(ctx.io, ctx.io.stdout)));
      ctx.io.stderr.write(resetSummary(plan) + '\n');
    });
}
