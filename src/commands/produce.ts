import type { Command } from 'commander';
import type { Ctx } from '../cli/context.js';
import { Interrupted, KafkaError, UsageError } from '../core/errors.js';
import { collect } from '../core/parse.js';
import { chalkFor } from '../format/output.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../cli/output-option.js';
import { addDeliveryOptions } from '../cli/input/delivery-flags.js';
import type { ProduceFlags } from '../cli/input/produce-options.js';
import { addProduceSchemaOptions, PRODUCE_SCHEMA_HELP, type SchemaProduceFlags } from '../cli/schema/schema-flags.js';

const HELP = `
Input: stdin (when it is not a terminal), --file, or one message with --value. On a terminal with none of
these, type one message per line and end with Ctrl-D: a line that cannot be sent (no -K separator) is
reported at once and skipped; Ctrl-C sends nothing of a half-typed line.
  line mode (default)  one message per line (--delimiter for another separator); -K splits key and value
                       at the first separator; a line without it is an error unless --allow-missing-key
  --input json         one JSON envelope per line, as printed by "kafka-cli tail -o json":
                       {"key":"k","keyEncoding":"utf8","value":"aGk=","valueEncoding":"base64",
                        "headers":[{"key":"h","value":"v","encoding":"utf8"}],"partition":0,"timestamp":1700000000000}
                       (null key/value = null; a null value is a tombstone)

Keyed messages go to the partition Java clients choose (murmur2); -p forces one.
Every message is accounted for: exit 0 only when all were acknowledged; otherwise exit 1 naming the
input lines that failed (--failed writes them as envelopes to retry with --input json --file).
Idempotent by default (with --acks all): batches carry a producer id and sequence numbers, so a request
that fails for a transient reason (broker restarting or unreachable, leader moving) and is sent again for up
to --delivery-timeout is written once, in order. --no-idempotence or --acks 0|1 (one warning line): a message
whose acknowledgement was lost may be written twice; the summary counts such re-sends.
Invalid input (bad JSON/base64, partition out of range, message too large): exit 2, naming the line;
--on-invalid stop (default) sends nothing from that line on, skip sends every valid line.
-o json and a reader that goes away (| head -1): the reports stop (one warning on stderr), delivery does not:
all input is still sent, and the exit code says whether it was delivered.
Ctrl-C: stop reading and sending at once (requests already sent are awaited; --rate holds throughout); messages
read but not sent are reported unsent and go to --failed; print the summary, exit 130 (a transaction is aborted).
On a terminal (not in CI) a progress line on stderr shows messages sent and msg/s; with --file also the percent
of the file read and an ETA. -q/--quiet hides it; it never shows when stderr is piped.

Examples:
  echo 'hello' | kafka-cli produce orders
  kafka-cli produce orders -K: --file orders.txt          # "key:value" lines
  kafka-cli produce orders --value '{"id":1}' --key 1 -H source=cli
  kafka-cli tail orders --from beginning --exit -o json | kafka-cli produce orders-copy --input json
  kafka-cli produce orders -K: -z zstd --transactional-id load-1 --file big.txt --failed failed.jsonl
  kafka-cli produce orders --input json --file failed.jsonl   # retry exactly what failed
  seq 1000 | kafka-cli produce orders --rate 100 -o json  # delivery reports: {"line","status","partition","offset"}`;

interface Flags extends SchemaProduceFlags, ProduceFlags {
  output: TableOrJson;
  quiet?: boolean;
}

export function registerProduce(program: Command, ctx: Ctx): void {
  const cmd = program
    .command('produce')
    .description('send messages to a topic from stdin, a file or the command line')
    .argument('<topic>', 'topic to send to (never created automatically)')
    .option('-f, --file <path>', 'read messages from a file instead of stdin')
    .option('--value <text>', 'send this one message (with --key); refused when stdin has input too')
    .option('-k, --key <text>', 'the key of every message')
    .option('-K, --key-separator <str>', 'line mode: split each line into key and value at the first <str>')
    .option('--allow-missing-key', 'with -K: send a line without the separator as a value with a null key')
    .option('--delimiter <str>', 'message separator in line mode, default newline (escapes: \\n \\r \\t \\0 \\\\ \\xHH; also in -K; any other backslash is refused)')
    .option('--input <format>', 'line or json (one envelope per line)', 'line')
    .option('-H, --header <key=value>', 'add a header to every message (repeatable)', collect)
    .option('-p, --partition <n>', 'send every message to this partition');
  addDeliveryOptions(cmd, { unit: 'messages', batchSize: '10000', deliveryTimeoutNote: ' (0: never)' }, (c) =>
    c
      .option('--rate <msgs/s>', 'send at most this many messages per second')
      .option('--transactional-id <id>', 'send all input in one transaction: committed at end of input, aborted on error or Ctrl-C (needs --acks all; not with --no-idempotence or --delivery-timeout)')
      .option('--transaction-timeout <duration>', 'with --transactional-id: how long the broker lets the transaction stay open', '60s'),
  )
    .option('--on-invalid <mode>', 'stop or skip at an invalid input line', 'stop')
    .option('--failed <file>', 'write every message that was not delivered to this file, as JSON envelopes')
    .option('-q, --quiet', 'no progress line (it shows only on a terminal: sent, msg/s; with --file, % and ETA)')
    .addOption(outputOption(TABLE_JSON, 'table', 'json: also one delivery report per message on stdout (the summary is on stderr either way)'));
  addProduceSchemaOptions(cmd);
  cmd
    .addHelpText('after', HELP + '\n' + PRODUCE_SCHEMA_HELP)
    .action(async (topicArg: string, flags: Flags) => {
      await runProduce(ctx, topicArg, flags, cmd.getOptionValueSource('deliveryTimeout') === 'cli');
    });
}

async function runProduce(ctx: Ctx, topicArg: string, flags: Flags, deliveryTimeoutGiven: boolean): Promise<void> {
  const { io } = ctx;
  const { produceOptionsFrom } = await import('../cli/input/produce-options.js');
  const o = produceOptionsFrom(topicArg, flags, { cwd: io.cwd, deliveryTimeoutGiven });
  const { topic } = o;
  const produceIO = await import('../cli/input/produce-io.js');
  produceIO.refuseFailedOverInput(io, o);
  if (o.value !== undefined) await (await import('../cli/input/value-beside-stdin.js')).refuseStdinBesideValue(io);

  const { parseInput, singleMessage } = await import('../cli/input/produce-input.js');
  const { source, close: closeSource, typing, bytes } = await produceIO.openInput(io, { value: o.value !== undefined, file: o.filePath, given: o.file, topic });
  // Typed on a terminal: a bad line is reported at once and skipped, and no progress line cuts into typing.
  const onInvalid = typing ? 'skip' : o.send.onInvalid;
  const typed = typing ? await import('../cli/typing.js') : undefined;
  const { produceEncoder } = await import('../cli/schema/schema-hooks.js');
  const encode = await produceEncoder(ctx, flags, topic, o.input.mode);
  const parsed = encode(o.value !== undefined ? singleMessage(o.value, o.input) : parseInput(source, o.input));
  const input = typed ? typed.reportWhileTyping(parsed, (l) => void io.stderr.write(l)) : parsed;

  const { renderDeliveryReports, renderProduceSummary, produceOutcome } = await import('../format/records/produce-report.js');
  const hooks: import('../kafka/produce/produce.js').ProduceHooks = { warning: (m) => void io.stderr.write(`kafka-cli: warning: ${m}\n`) };
  let reportsDone = () => {};
  if (flags.output === 'json') {
    // A reader that goes away stops the reports, never the delivery (docs/guarantees.md).
    const reports = produceIO.deliveryReportWriter(io, ctx.readerGone);
    reportsDone = reports.stop;
    ctx.onCleanup(reports.stop);
    hooks.reports = (r) => reports.write(renderDeliveryReports(r));
  }
  if (o.failedPath !== undefined) {
    const failed = await produceIO.openFailedFile(o.failedPath, o.failed!);
    ctx.onCleanup(failed.close);
    hooks.undelivered = failed.sinkFor(topic);
  }
  const clearProgress = typing ? () => {} : produceIO.showProgress(io, hooks, { quiet: flags.quiet, bytes });
  ctx.handlesSignal = true;
  ctx.onCleanup(closeSource);

  const { produce } = await import('../kafka/produce/produce.js');
  let summary: import('../kafka/produce/produce.js').ProduceSummary;
  try {
    summary = await produce(await ctx.client(), input, { ...o.send, onInvalid }, hooks, ctx.signal);
  } finally {
    clearProgress();
  }
  closeSource();
  reportsDone();
  io.stderr.write(renderProduceSummary(summary, chalkFor(io, io.stderr)));
  if (typed && summary.interrupted) io.stderr.write(typed.HALF_TYPED_NOT_SENT);
  const outcome = produceOutcome(summary, summary.failed + summary.aborted + summary.unsent > 0 ? flags.failed : undefined);
  if (outcome.kind === 'interrupted') throw new Interrupted();
  if (outcome.kind === 'failed') throw new KafkaError(outcome.message);
  if (outcome.kind === 'invalid') throw new UsageError(outcome.message);
}
