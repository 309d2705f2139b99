import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { UsageError } from '../../core/errors.js';
import { DURATION_GRAMMAR, parseInteger, parsePartitionList, validateTopicName } from '../../core/parse.js';
import { timeOrUndefined } from '../../cli/offset-spec.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { asJson, printView } from '../../cli/view.js';
import { deleteRecordsJson, deleteRecordsSummary, renderDeleteRecords } from '../../format/admin/delete-records.js';
import type { DeleteBefore } from '../../kafka/admin/delete-records.js';
import { lazyWorkProgress } from '../../format/progress.js';

const HELP = `
Without --execute it only shows the plan: each partition's watermarks and how many
messages would go. Deleting moves the partition's low watermark (log start offset)
forward; the messages before it can no longer be read. An offset past the end deletes
everything; a time with no message after it deletes everything.

Examples:
  kafka-cli topic delete-records orders --before 1000              # plan
  kafka-cli topic delete-records orders --before 1000 -p 0 --execute
  kafka-cli topic delete-records orders --before 2d --execute      # older than two days
  kafka-cli topic delete-records orders --before @1767225600000 --execute

JSON: {"topic", "executed", "partitions": [{"partition", "lowWatermark", "highWatermark", "deleteBefore", "deleted", "newLowWatermark"}]}`;

/** `1234` (an offset), `@<epoch ms>`, an ISO time or a time ago (`2d`). */
export function parseBefore(text: string, now = Date.now()): DeleteBefore {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { kind: 'offset', offset: parseInteger(t, '--before', { noun: 'an offset' }) };
  const ms = timeOrUndefined(t, now, '--before');
  if (ms !== undefined) return { kind: 'time', ms };
  throw new UsageError(`invalid --before '${text}': expected an offset (1000), @<epoch ms>, an ISO time (2026-11-20T10:00:00Z) or a time ago (${DURATION_GRAMMAR}, e.g. 2d)`);
}

export function registerTopicDeleteRecords(topic: Command, ctx: Ctx): void {
  topic
    .command('delete-records')
    .description('delete the messages before an offset or a time (moves the low watermark); a plan first, --execute to do it')
    .argument('<topic>', 'topic name')
    .requiredOption('--before <offset|time>', 'an offset, @<epoch ms>, an ISO time or a time ago (2d)')
    .option('-p, --partition <list>', 'only these partitions (0,2 or 0-3)')
    .option('--execute', 'delete (without it: only the plan)')
    .option('-q, --quiet', 'no progress line (with --execute on a terminal: partitions done/total as each leader answers)')
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', HELP)
    .action(async (name: string, opts: { before: string; partition?: string; execute?: boolean; quiet?: boolean; output: TableOrJson }) => {
      const format = opts.output;
      const o = {
        topic: validateTopicName(name),
        before: parseBefore(opts.before),
        partitions: opts.partition === undefined ? undefined : parsePartitionList(opts.partition),
        execute: opts.execute === true,
      };
      const { deleteRecords } = await import('../../kafka/admin/delete-records.js');
      const progress = lazyWorkProgress(ctx.io, { label: 'delete-records', unit: 'partitions', quiet: opts.quiet });
      let r;
      try {
        r = await deleteRecords(await ctx.client(), { ...o, onProgress: progress.onProgress });
      } finally {
        progress.stop();
      }
      await printView(ctx.io, format, r, { json: asJson(deleteRecordsJson), table: renderDeleteRecords });
      ctx.io.stderr.write(deleteRecordsSummary(r));
    });
}
