/** `kafka-cli copy <source-topic> <dest-topic>` and DLQ redrive (`--to-topic-from-header`). */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Ctx } from '../cli/context.js';
import { Interrupted, KafkaError } from '../core/errors.js';
import { collect } from '../core/parse.js';
import { addTargetOptions } from '../cli/target-options.js';
import { hasTarget } from '../config/target.js';
import { chalkFor } from '../format/output.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../cli/output-option.js';
import { addDeliveryOptions } from '../cli/input/delivery-flags.js';
import { copyOptionsFrom, type CopyOptionFlags } from '../cli/input/copy-options.js';
import type { ProduceHooks, ProduceSummary } from '../kafka/produce/produce.js';
import { COMMIT_EVERY_DEFAULT, COMMIT_INTERVAL_DEFAULT } from '../cli/input/exactly-once-flags.js';

const HELP = `
Reads like tail (default --from beginning; stops at the end offsets seen at start unless --follow) and writes
like produce (acks=all, retries, every record accounted for; --failed keeps what was not delivered). Keys,
values, headers (in order) and timestamps are kept. Without --keep-partitions keys are hashed as Java's
producer does (murmur2), so the destination's partition count may differ. Records count from 1 in read order:
that is what "lines" in the summary and in --failed refer to.

Another cluster as destination: --to-profile and/or --to-brokers, with its own --to-sasl-* and --to-tls*
flags (nothing is taken from the source's flags, KAFKA_* variables or current profile; password from
--to-sasl-password-file, env KAFKA_TO_SASL_PASSWORD, the profile, or asked on a terminal).

Exactly once (one cluster): --exactly-once --group <id> reads with read_committed and writes in transactions
that also commit the source offsets to the group (--commit-every records or --commit-interval, whichever comes
first). The transactional id kafka-cli-copy-<group>-<source>-<dest> is stable: a copy started again (after a
kill, a crash, Ctrl-C) fences the one before, aborts what it left uncommitted and resumes at the group's offsets,
so a read_committed reader of the destination sees every source record once. A redrive too
(--to-topic-from-header --execute, id kafka-cli-redrive-<group>-<source>-<header>). Not across clusters (there
copy is at-least-once, idempotent on the destination), not with --failed.

DLQ redrive: --to-topic-from-header <name> sends each record to the topic named in its header <name> (records
without it stay where they are). It is a dry run unless --execute: it prints how many records would go to
which topic. --remove-header drops headers (e.g. the DLQ's own) from what is sent.

Exit codes: 0 every selected record acknowledged (or a dry run), 1 some not delivered (named on stderr),
2 usage (also: a destination topic that does not exist), 130 interrupted. A reader of stdout that goes away
(| head) does not stop a copy: every selected record is still copied.

Examples:
  kafka-cli copy orders orders-backup
  kafka-cli copy orders orders --to-profile staging --from 1h
  kafka-cli copy orders orders --to-brokers dr:9092 --to-sasl-mechanism scram-sha-512 \\
      --to-sasl-username mirror --to-sasl-password-file ~/.dr-pass --keep-partitions --follow
  kafka-cli copy orders orders-copy --exactly-once --group orders-copier --follow
  kafka-cli copy orders.dlq --to-topic-from-header dlq.original.topic              dry run
  kafka-cli copy orders.dlq --to-topic-from-header dlq.original.topic --remove-header dlq.error --execute`;

interface CopyFlags extends CopyOptionFlags {
  quiet?: boolean;
  output: TableOrJson;
}

export function registerCopy(program: Command, ctx: Ctx): void {
  const cmd = program
    .command('copy')
    .description('copy records to another topic or cluster, or redrive a dead-letter queue')
    .argument('<source-topic>', 'topic to read')
    .argument('[dest-topic]', 'topic to write (not with --to-topic-from-header)')
    .option('--from <spec>', 'where to start (as tail)', 'beginning')
    .option('-n, --last <N>', 'the last N records of each partition')
    .option('-p, --partition <n,...>', 'only these source partitions')
    .option('--until <offset|time>', 'stop each partition before this offset or time')
    .option('--follow', 'keep copying new records until Ctrl-C instead of stopping at the end')
    .option('--read-committed', 'only committed transactional records')
    .option('--grep <regex>', 'only records whose value matches')
    .option('--key <text>', 'only records with this key')
    .option('--header <key=value>', 'only records with this header (repeatable: all must match)', collect, [])
    .option('--keep-partitions', 'write each record to the partition number it had (the destination needs as many)')
    .option('--remove-header <key>', 'drop this header from what is written (repeatable)', collect, [])
    .option('--to-topic-from-header <name>', 'redrive: send each record to the topic named in this header (dry run unless --execute)')
    .option('--execute', 'with --to-topic-from-header: really send');
  addDeliveryOptions(cmd, { unit: 'records', batchSize: '5000' }, (c) => c.option('--rate <msgs/s>', 'write at most this many records per second'))
    .option('--failed <file>', 'write every record that was not delivered to this file, as JSON envelopes')
    .option('-q, --quiet', 'no progress line (it shows only on a terminal: records sent, rate; when the end offsets give the total, % and ETA)')
    .option('--exactly-once', 'same cluster: read_committed, write in transactions that also commit the source offsets to --group (a copy started again resumes there)')
    .option('--group <id>', 'with --exactly-once: the consumer group that holds where the copy is')
    .option('--commit-every <records>', `with --exactly-once: commit a transaction after this many records (default ${COMMIT_EVERY_DEFAULT})`)
    .option('--commit-interval <duration>', `with --exactly-once: or this long after its first record (default ${COMMIT_INTERVAL_DEFAULT})`)
    .addOption(outputOption(TABLE_JSON, 'table', 'for the redrive plan'));
  addTargetOptions(cmd, 'destination cluster')
    .addHelpText('after', HELP)
    .action(async (sourceTopic: string, destArg: string | undefined, flags: CopyFlags) => {
      await runCopy(ctx, sourceTopic, destArg, flags);
    });
}

async function runCopy(ctx: Ctx, sourceTopic: string, destArg: string | undefined, f: CopyFlags): Promise<void> {
  const o = { ...copyOptionsFrom(sourceTopic, destArg, f), format: f.output };
  const { io, signal } = ctx;
  ctx.handlesSignal = true;
  const [copy, report, { targetClient }, produceIO] = await Promise.all([
    import('../kafka/produce/copy.js'),
    import('../format/records/produce-report.js'),
    import('../cli/target-client.js'),
    import('../cli/input/produce-io.js'),
  ]);
  const source = await ctx.client();
  const dest = hasTarget(f) ? await targetClient(ctx, f) : source;
  const c = chalkFor(io, io.stderr);
  const warning = (m: string) => void io.stderr.write(`kafka-cli: warning: ${m}\n`);
  const readOpts = { ...o.read, onWarning: warning };

  const failed = o.failedFile ? await produceIO.openFailedFile(resolve(io.cwd, o.failedFile), o.failedFile) : undefined;
  if (failed) ctx.onCleanup(failed.close);
  const progress: ProduceHooks = {};
  const clearProgress = produceIO.showProgress(io, progress, { quiet: f.quiet });
  const hooksFor = (topic: string): ProduceHooks => ({ warning, progress: progress.progress, total: progress.total, undelivered: failed?.sinkFor(topic) });

  const summaries: ProduceSummary[] = [];
  try {
    if (o.exactlyOnce) {
      const { copyExactlyOnce } = await import('../kafka/produce/copy-exactly-once.js');
      const r = await copyExactlyOnce(source, readOpts, o.redrive === undefined ? { topic: o.destTopic! } : { header: o.redrive }, o.write, o.exactlyOnce, hooksFor(o.destTopic ?? ''), signal);
      summaries.push(...r.summaries);
      io.stderr.write(`${r.transactions} transaction${r.transactions === 1 ? '' : 's'} committed with the offsets of group '${o.exactlyOnce.group}' (transactional id ${r.transactionalId}); ${r.resumed} partition${r.resumed === 1 ? '' : 's'} resumed\n`);
    } else if (o.redrive === undefined) {
      const r = await copy.copyTopic(source, dest, readOpts, o.destTopic!, o.write, hooksFor(o.destTopic!), signal);
      summaries.push(r.summary);
    } else {
      const plan = await copy.planRedrive(source, readOpts, o.redrive, signal);
      const view = await import('../format/records/copy.js');
      if (!f.execute || signal.aborted) {
        io.stdout.write(o.format === 'json' ? view.renderRedrivePlanJson(plan, o.redrive) : view.renderRedrivePlan(plan, o.redrive, chalkFor(io, io.stdout)));
        if (signal.aborted) throw new Interrupted();
        io.stderr.write(view.redriveDryRunNote(plan));
        return;
      }
      summaries.push(...(await copy.executeRedrive(dest, plan, o.write, hooksFor, signal)));
    }
  } finally {
    clearProgress();
  }
  for (const s of summaries) io.stderr.write(report.renderProduceSummary(s, c));
  const outcomes = summaries.map((s) => report.produceOutcome(s, s.failed + s.aborted > 0 ? o.failedFile : undefined));
  // Only Ctrl-C stops a copy early (a reader of stdout that goes away does not): exit 130, --failed exact.
  if (signal.aborted || outcomes.some((x) => x.kind === 'interrupted')) throw new Interrupted();
  const bad = outcomes.filter((x) => x.kind === 'failed' || x.kind === 'invalid');
  if (bad.length) throw new KafkaError(bad.map((x, i) => (summaries.length > 1 ? `'${summaries[i]!.topic}': ${x.message}` : x.message)).join('; '));
}
