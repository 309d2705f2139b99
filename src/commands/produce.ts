import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Ctx } from '../cli/context.js';
import { Interrupted, KafkaError, UsageError } from '../core/errors.js';
import { collect, oneOf, parseDuration, parseIntArg, parseKeyValue, validateTopicName } from '../core/parse.js';
import { chalkFor } from '../format/output.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../cli/output-option.js';
import { parseDeliveryFlags } from '../cli/input/delivery-flags.js';
import type { RecordHeader } from '../core/records.js';
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

Examples:
  echo 'hello' | kafka-cli produce orders
  kafka-cli produce orders -K: --file orders.txt          # "key:value" lines
  kafka-cli produce orders --value '{"id":1}' --key 1 -H source=cli
  kafka-cli tail orders --from beginning --exit -o json | kafka-cli produce orders-copy --input json
  kafka-cli produce orders -K: -z zstd --transactional-id load-1 --file big.txt --failed failed.jsonl
  kafka-cli produce orders --input json --file failed.jsonl   # retry exactly what failed
  seq 1000 | kafka-cli produce orders --rate 100 -o json  # delivery reports: {"line","status","partition","offset"}`;

interface Flags extends SchemaProduceFlags {
  file?: string;
  value?: string;
  key?: string;
  keySeparator?: string;
  allowMissingKey?: boolean;
  delimiter?: string;
  input: string;
  header?: string[];
  partition?: string;
  acks: string;
  compression: string;
  batchSize: string;
  maxInFlight: string;
  rate?: string;
  transactionalId?: string;
  transactionTimeout: string;
  deliveryTimeout: string;
  onInvalid: string;
  failed?: string;
  output: TableOrJson;
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
    .option('--delimiter <str>', 'message separator in line mode, default newline (escapes: \\n \\r \\t \\0 \\\\ \\xHH, also in -K; any other backslash is refused)')
    .option('--input <format>', 'line or json (one envelope per line)', 'line')
    .option('-H, --header <key=value>', 'add a header to every message (repeatable)', collect)
    .option('-p, --partition <n>', 'send every message to this partition')
    .option('--acks <acks>', 'all, 1 or 0', 'all')
    .option('--no-idempotence', 'send without producer ids and sequence numbers (a request sent again may write twice; counted in the summary)')
    .option('-z, --compression <codec>', 'none, gzip, snappy, lz4 or zstd', 'none')
    .option('--batch-size <n>', 'messages per produce request', '10000')
    .option('--max-in-flight <n>', 'produce requests in flight at once (at most 5 when idempotent)', '8')
    .option('--rate <msgs/s>', 'send at most this many messages per second')
    .option('--transactional-id <id>', 'send all input in one transaction: committed at end of input, aborted on error or Ctrl-C (needs --acks all; not with --no-idempotence or --delivery-timeout)')
    .option('--transaction-timeout <duration>', 'with --transactional-id: how long the broker lets the transaction stay open', '60s')
    .option('--delivery-timeout <duration>', 'keep sending a request again while it fails for a transient reason, up to this long (0: never)', '30s')
    .option('--on-invalid <mode>', 'stop or skip at an invalid input line', 'stop')
    .option('--failed <file>', 'write every message that was not delivered to this file, as JSON envelopes')
    .addOption(outputOption(TABLE_JSON, 'table', 'json: also one delivery report per message on stdout (the summary is on stderr either way)'));
  addProduceSchemaOptions(cmd);
  cmd
    .addHelpText('after', HELP + '\n' + PRODUCE_SCHEMA_HELP)
    .action(async (topicArg: string, flags: Flags) => {
      const topic = validateTopicName(topicArg);
      const format = flags.output;
      const mode = oneOf(flags.input, ['line', 'json'] as const, '--input');
      const { ON_INVALID } = await import('../kafka/produce/produce.js');
      const { acks, compression, batchSize, maxInFlight, deliveryTimeoutMs, idempotence } = parseDeliveryFlags(flags);
      let onInvalid = oneOf(flags.onInvalid, ON_INVALID, '--on-invalid');
      const rate = flags.rate === undefined ? undefined : parseRate(flags.rate);
      const partition = flags.partition === undefined ? undefined : parseIntArg(flags.partition, '--partition', 0, 2 ** 31 - 1);
      const transactionTimeoutMs = parseDuration(flags.transactionTimeout, '--transaction-timeout');
      if (flags.transactionalId !== undefined) {
        // Checked before connecting: kafkajs would refuse only after the transaction began.
        if (acks !== 'all') throw new UsageError(`--transactional-id needs --acks all (a transaction is idempotent), not --acks ${acks}`);
        if (!idempotence) throw new UsageError('--no-idempotence cannot be combined with --transactional-id (a transaction is idempotent)');
        if (cmd.getOptionValueSource('deliveryTimeout') === 'cli') throw new UsageError('--delivery-timeout does not apply with --transactional-id (a failed send aborts the transaction)');
      }
      const headers: RecordHeader[] = (flags.header ?? []).map((h) => {
        const [key, value] = parseKeyValue(h, '--header');
        return { key, value: Buffer.from(value, 'utf8') };
      });
      const { unescapeSeparator, parseInput, singleMessage } = await import('../cli/input/produce-input.js');
      const delimiter = flags.delimiter === undefined ? Buffer.from('\n') : unescapeSeparator(flags.delimiter);
      if (delimiter.length === 0) throw new UsageError('invalid --delimiter: it is empty');
      const keySeparator = flags.keySeparator === undefined ? undefined : unescapeSeparator(flags.keySeparator, '-K/--key-separator');
      if (keySeparator && keySeparator.length === 0) throw new UsageError('invalid --key-separator: it is empty');
      if (flags.value !== undefined && flags.file !== undefined) throw new UsageError('--value and --file cannot be combined');
      if (mode === 'json' && (flags.key !== undefined || keySeparator || flags.value !== undefined)) {
        throw new UsageError('--input json takes keys from the envelopes: -k, -K and --value do not apply');
      }
      if (flags.key !== undefined && keySeparator) throw new UsageError('-k/--key and -K/--key-separator cannot be combined');
      if (flags.allowMissingKey && !keySeparator) throw new UsageError('--allow-missing-key needs -K/--key-separator');
      if (flags.value !== undefined && keySeparator) throw new UsageError('--value takes its key from --key, not -K');
      const filePath = flags.file === undefined ? undefined : resolve(ctx.io.cwd, flags.file);
      const failedPath = flags.failed === undefined ? undefined : resolve(ctx.io.cwd, flags.failed);
      const produceIO = await import('../cli/input/produce-io.js');
      if (failedPath && filePath && (failedPath === filePath || produceIO.isSameFile(ctx.io, failedPath, filePath))) throw new UsageError('--failed must not be the --file being read');
      if (failedPath && !filePath && flags.value === undefined && produceIO.isSameFile(ctx.io, failedPath, 'stdin')) throw new UsageError('--failed must not be the file on stdin: writing it would empty the input');
      if (flags.value !== undefined) await (await import('../cli/input/value-beside-stdin.js')).refuseStdinBesideValue(ctx.io);

      const inputOpts = {
        mode,
        delimiter,
        keySeparator,
        allowMissingKey: flags.allowMissingKey,
        fixedKey: flags.key === undefined ? undefined : Buffer.from(flags.key, 'utf8'),
        headers,
        partition,
      };
      const { io } = ctx;
      const { source, close: closeSource, typing } = await produceIO.openInput(io, { value: flags.value !== undefined, file: filePath, given: flags.file, topic });
      // Typed on a terminal: a bad line is reported at once and skipped, and no progress line cuts into typing.
      if (typing) onInvalid = 'skip';
      const typed = typing ? await import('../cli/typing.js') : undefined;
      const { produceEncoder } = await import('../cli/schema/schema-hooks.js');
      const encode = await produceEncoder(ctx, flags, topic, mode);
      const parsed = encode(flags.value !== undefined ? singleMessage(Buffer.from(flags.value, 'utf8'), inputOpts) : parseInput(source, inputOpts));
      const input = typed ? typed.reportWhileTyping(parsed, (l) => void io.stderr.write(l)) : parsed;

      const { renderDeliveryReports, renderProduceSummary, produceOutcome } = await import('../format/records/produce-report.js');
      const hooks: import('../kafka/produce/produce.js').ProduceHooks = { warning: (m) => void io.stderr.write(`kafka-cli: warning: ${m}\n`) };
      let reportsDone = () => {};
      if (format === 'json') {
        // A reader that goes away stops the reports, never the delivery (README "Guarantees").
        const reports = produceIO.deliveryReportWriter(io, ctx.readerGone);
        reportsDone = reports.stop;
        ctx.onCleanup(reports.stop);
        hooks.reports = (r) => reports.write(renderDeliveryReports(r));
      }
      if (failedPath) {
        const failed = await produceIO.openFailedFile(failedPath, flags.failed!);
        ctx.onCleanup(failed.close);
        hooks.undelivered = failed.sinkFor(topic);
      }
      const clearProgress = typing ? () => {} : produceIO.showProgress(io, hooks);
      ctx.handlesSignal = true;
      ctx.onCleanup(closeSource);

      const { produce } = await import('../kafka/produce/produce.js');
      let summary: import('../kafka/produce/produce.js').ProduceSummary;
      try {
        summary = await produce(
          await ctx.client(),
          input,
          { topic, acks, compression, batchSize, maxInFlight, rate, transactionalId: flags.transactionalId, transactionTimeoutMs, deliveryTimeoutMs, onInvalid, partition, idempotence },
          hooks,
          ctx.signal,
        );
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
    });
}

function parseRate(text: string): number {
  const v = Number(text);
  if (!Number.isFinite(v) || v <= 0) throw new UsageError(`invalid --rate '${text}': expected messages per second, > 0`);
  return v;
}
