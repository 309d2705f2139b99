import type { Command } from 'commander';
import { outputOption, parseOutput, TAIL_FORMATS, type TailOutput } from '../cli/output-option.js';
import type { Ctx } from '../cli/context.js';
import { Interrupted, UsageError, BrokenPipe } from '../core/errors.js';
import { collect, parseIntArg, parseKeyValue, parsePartitionList, validateTopicName } from '../core/parse.js';
import { FORMAT_HELP } from '../format/records/record-format.js';
import { makeRecordFilter } from '../cli/record-filter.js';
import { parseStartSpec as parseStart, parseStopSpec as parseStop } from '../cli/offset-spec.js';
import type { ConsumedRecord, StartSpec, StopSpec } from '../core/records.js';
import { KEY_PARTITIONERS, keyPartition, PARTITIONER_OWNERS, type KeyPartitioner } from '../kafka/consume/key-partition.js';
import { parseSchemaTailFlags, TAIL_SCHEMA_HELP, type SchemaTailFlags, type SchemaTailOptions } from '../cli/schema/schema-flags.js';

const HELP = `
--key K finds a key: it reads only the partition the producer's partitioner put K in (murmur2, as the Java
  client and kafkajs do; --partitioner crc32 for librdkafka/kcat; --all-partitions for any other), from the
  beginning (or --from) to the end, and prints the matches with their offsets; -v names the partition.
  With --group it filters the group's partitions and follows; with a schema --key-format it reads all partitions.
--from: beginning | end (default: only new messages) | 1234 (that offset in each partition) |
  -N (the last N of each partition) | +N (N after the beginning) | 2026-11-20T10:00:00Z |
  @1763632800000 (epoch milliseconds) | 15m, 2h, 1d, 1w (time ago)
  An offset beyond the end of a partition starts at its end, with a warning naming the high watermarks.
--until: an offset or a time (same forms); stops each partition before it. Not after --from: exit 2 (empty window).

Output (-o): text (default: local time with zone offset, partition/offset, key, value; colored on a terminal),
  value (the raw value, one per line), json (one envelope per line, read back by produce --input json:
  {"topic","partition","offset","timestamp","timestampIso","key","keyEncoding","value","valueEncoding","headers"}).
  --json-values (with -o json): a key or value that is compact JSON is written as a JSON value with
  "keyEncoding"/"valueEncoding":"json" (jq reads it directly); anything else stays text or base64.
On a terminal, bytes that are not valid UTF-8 and control characters are escaped (\\xNN), never printed raw.

${FORMAT_HELP}
${TAIL_SCHEMA_HELP}

Several topics: name them, or --regex '<pattern>' (whole topic names; internal __ topics only when the
pattern starts with __). Text lines then show topic/partition/offset; JSON always has "topic". While following,
--regex looks for new matching topics every 2 s and reads each from its beginning (with --group, --regex is
resolved once at start).

Follows new messages until Ctrl-C (exit 0), or until the reader of a piped stdout goes away, even on a
quiet topic (exit 0 within about a second); on a terminal it says once that it waits, and what is already
there. With --exit it stops at the end offsets seen at start
(exit 0; 130 when interrupted before). Without --group nothing is committed and no consumer group is created.

Examples:
  kafka-cli tail orders                               new messages, until Ctrl-C
  kafka-cli tail orders --from beginning -e           everything, then exit
  kafka-cli tail orders --from beginning | head -1    the first message, then exit (head closed the pipe)
  kafka-cli tail orders -n 10                         the last 10 messages of each partition, then follow
  kafka-cli tail orders --from 1h -p 0,2 --headers    the last hour of partitions 0 and 2
  kafka-cli tail orders --from @1763632800000 -e      from a time in epoch milliseconds
  kafka-cli tail orders --from beginning -e -o json > orders.jsonl
  kafka-cli tail orders -e --from beginning -f '%p:%o %k=%s\\n'
  kafka-cli tail orders -e --from beginning -o json --json-values | jq .value.status
  kafka-cli tail orders --grep '"status":"failed"' --key order-42
  kafka-cli tail orders payments --from 10m           two topics, interleaved as they arrive
  kafka-cli tail --regex 'orders\..*' -o json        every topic named orders.<something>, new ones too
  kafka-cli tail orders --group billing -e            as a member of group billing, committing what it printed
  kafka-cli tail orders --schema-registry http://127.0.0.1:8081/apis/ccompat/v7 -e -o json   decoded Avro/Protobuf/JSON Schema
  kafka-cli consume orders --from beginning -e        consume is another name for tail`;

interface TailFlags extends SchemaTailFlags {
  from?: string;
  last?: string;
  partition?: string;
  exit?: boolean;
  maxMessages?: string;
  until?: string;
  readCommitted?: boolean;
  output?: string;
  format?: string;
  headers?: boolean;
  grep?: string;
  key?: string;
  header?: string[];
  group?: string;
  jsonValues?: boolean;
  regex?: string;
  partitioner?: string;
  allPartitions?: boolean;
}


export function registerTail(program: Command, ctx: Ctx): void {
  program
    .command('tail')
    .alias('consume')
    .description('read topics from a chosen offset, follow them or stop at the end (alias: consume)')
    .argument('[topics...]', 'topics to read (or --regex)')
    .option('--regex <pattern>', 'read every topic whose name matches (following: new ones too)')
    .option('--from <spec>', 'where to start: beginning, end, offset, -N, +N, ISO time, @epoch-ms, or time ago (default: end)')
    .option('-n, --last <N>', 'the last N messages of each partition (same as --from -N)')
    .option('-p, --partition <n,...>', 'only these partitions, e.g. 0,2 or 0-3')
    .option('-e, --exit', 'stop at the end offsets captured at start instead of following')
    .option('-c, --max-messages <n>', 'stop after printing n messages')
    .option('--until <offset|time>', 'stop each partition before this offset or time')
    .option('--read-committed', 'only committed transactional messages (isolation read_committed)')
    .addOption(outputOption(TAIL_FORMATS, 'text'))
    .option('-f, --format <template>', 'print each message with a template (tokens below)')
    .option('--headers', 'show headers in the text output')
    .option('--grep <regex>', 'only messages whose value matches the regular expression')
    .option('--key <text>', 'find messages with this key: reads only the partition the key hashes to, from the beginning to the end')
    .option('--partitioner <name>', 'with --key: how the producer picked partitions: murmur2 (Java, kafkajs; default) or crc32 (librdkafka, kcat)')
    .option('--all-partitions', 'with --key: read every partition (other partitioners, or keys written with a schema)')
    .option('--header <key=value>', 'only messages with this header (repeatable: all must match)', collect, [])
    .option('--group <id>', 'consume as a member of this consumer group and commit what was printed')
    .option('--json-values', 'with -o json: write keys and values that are compact JSON as JSON, not as strings')
    .option('--key-format <format>', 'auto, avro, protobuf, json-schema or raw (schema registry decoding of keys)')
    .option('--value-format <format>', 'auto, avro, protobuf, json-schema or raw (schema registry decoding of values)')
    .option('--avro-json <style>', 'plain (default) or standard (Avro\'s JSON encoding)')
    .option('--avro-logical <view>', 'readable (default: ISO times, decimal strings) or raw (the underlying value) for Avro logical types')
    .addHelpText('after', HELP)
    .action(async (topics: string[], flags: TailFlags, cmd: Command) => {
      // parseTailFlags needs to know whether -o was typed (it conflicts with -f), not only its value.
      const opts = parseTailFlags(topics, { ...flags, output: cmd.getOptionValueSource('output') === 'default' ? undefined : flags.output });
      await runTail(ctx, opts);
    });
}

export interface TailCommandOptions {
  topics: string[];
  /** --regex */
  pattern?: RegExp;
  partitions?: number[];
  from: StartSpec;
  fromGiven: boolean;
  exitAtEnd: boolean;
  until?: StopSpec;
  readCommitted: boolean;
  maxMessages?: number;
  output: TailOutput;
  format?: string;
  headers: boolean;
  grep?: RegExp;
  key?: string;
  /** --key without --group: only the partition this partitioner picks for the key (none: every partition). */
  keyPartitioner?: KeyPartitioner;
  headerFilters: Array<[string, string]>;
  group?: string;
  jsonValues: boolean;
  schema: SchemaTailOptions;
}

function parseRegex(text: string, flag: string): RegExp {
  try {
    return new RegExp(text);
  } catch (e) {
    throw new UsageError(`invalid ${flag} '${text}': ${(e as Error).message}`);
  }
}

function parseKeyLookup(f: TailFlags): KeyPartitioner | undefined {
  if (f.partitioner !== undefined && !(KEY_PARTITIONERS as readonly string[]).includes(f.partitioner)) {
    throw new UsageError(`invalid --partitioner '${f.partitioner}': use murmur2 or crc32 (a random partitioner: --all-partitions)`);
  }
  if (f.key === undefined && (f.partitioner !== undefined || f.allPartitions)) throw new UsageError(`${f.partitioner !== undefined ? '--partitioner' : '--all-partitions'} needs --key`);
  if (f.allPartitions && f.partitioner !== undefined) throw new UsageError('use either --partitioner or --all-partitions, not both');
  if (f.key === undefined || f.group !== undefined || f.partition !== undefined || f.allPartitions) return undefined;
  // A key written with a schema is hashed in its encoded form, which --key (the decoded text) does not give.
  if (f.keyFormat !== undefined && f.keyFormat !== 'raw' && f.keyFormat !== 'auto') return undefined;
  return (f.partitioner as KeyPartitioner | undefined) ?? 'murmur2';
}

export function parseTailFlags(topicArgs: string | string[], f: TailFlags, now = Date.now()): TailCommandOptions {
  const topics = typeof topicArgs === 'string' ? [topicArgs] : topicArgs;
  for (const t of topics) validateTopicName(t);
  if (topics.length === 0 && f.regex === undefined) throw new UsageError("missing topic: name one or more topics, or use --regex '<pattern>'");
  const pattern = f.regex !== undefined ? parseRegex(f.regex, '--regex') : undefined;
  if (f.from !== undefined && f.last !== undefined) throw new UsageError('use either --from or -n/--last, not both');
  let from: StartSpec = { kind: 'end' };
  if (f.from !== undefined) from = parseStart(f.from, now);
  if (f.last !== undefined) from = { kind: 'last', count: BigInt(parseIntArg(f.last, '--last', 0)) };
  const output = f.output === undefined ? 'text' : parseOutput(f.output, TAIL_FORMATS);
  if (f.format !== undefined && f.output !== undefined) throw new UsageError('use either -f/--format or -o/--output, not both');
  if (f.jsonValues === true && output !== 'json') throw new UsageError('--json-values needs -o json');
  if (f.group !== undefined && f.partition !== undefined) throw new UsageError('--partition cannot be used with --group (the group assigns partitions)');
  if (f.group !== undefined && f.group.trim() === '') throw new UsageError('invalid --group: it is empty');
  const grep = f.grep !== undefined ? parseRegex(f.grep, '--grep') : undefined;
  const keyPartitioner = parseKeyLookup(f);
  // A key lookup (issue 25): from the beginning by default, and it stops at the end.
  const lookup = f.key !== undefined && f.group === undefined;
  if (lookup && f.from === undefined && f.last === undefined) from = { kind: 'beginning' };
  const until = f.until !== undefined ? parseStop(f.until, now) : undefined;
  // An empty window would print nothing and exit 0: say so instead.
  if (until?.kind === 'time' && from.kind === 'time' && until.ms <= from.ms) {
    throw new UsageError(`--until ${f.until} is not after --from ${f.from}: the window is empty (a duration counts back from now: --from 2h --until 1h)`);
  }
  if (until?.kind === 'offset' && from.kind === 'offset' && until.offset <= from.offset) {
    throw new UsageError(`--until ${f.until} is not after --from ${f.from}: the window is empty`);
  }
  return {
    topics,
    pattern,
    partitions: f.partition !== undefined ? parsePartitionList(f.partition) : undefined,
    from,
    fromGiven: f.from !== undefined || f.last !== undefined,
    exitAtEnd: f.exit === true || lookup,
    until,
    readCommitted: f.readCommitted === true,
    maxMessages: f.maxMessages !== undefined ? parseIntArg(f.maxMessages, '--max-messages', 1) : undefined,
    output,
    format: f.format,
    headers: f.headers === true,
    grep,
    key: f.key,
    keyPartitioner,
    headerFilters: (f.header ?? []).map((h) => parseKeyValue(h, '--header')),
    group: f.group,
    jsonValues: f.jsonValues === true,
    schema: parseSchemaTailFlags(f),
  };
}

async function runTail(ctx: Ctx, o: TailCommandOptions): Promise<void> {
  ctx.handlesSignal = true;
  // A reader that went away (`| head -1`) is done with the records: tail ends, exit 0.
  ctx.endWhenReaderGoes();
  const { io, signal } = ctx;
  const several = o.topics.length > 1 || o.pattern !== undefined;
  const [{ openTailSession, selectedBatches }, { recordRenderer }, { tailDecoder }, { startTailNotes, writeRecordBatches }] = await Promise.all([
    import('../kafka/consume/consume-selected.js'),
    import('../format/records/tail-render.js'),
    import('../cli/schema/schema-hooks.js'),
    import('../cli/tail-output.js'),
  ]);
  const render = await recordRenderer(io, { output: o.output, format: o.format, headers: o.headers, jsonValues: o.jsonValues, several });
  const decode = await tailDecoder(ctx, o.schema);
  const client = await ctx.client();
  const session = await openTailSession(
    client,
    {
      topics: o.topics,
      pattern: o.pattern,
      partitions: o.partitions,
      from: o.from,
      fromGiven: o.fromGiven,
      exitAtEnd: o.exitAtEnd,
      until: o.until,
      readCommitted: o.readCommitted,
      group: o.group,
      pickPartitions: keyPicker(io, o, (client.config.verbosity ?? 0) >= 1),
      onWarning: (m: string) => void io.stderr.write(`kafka-cli: warning: ${m}\n`),
    },
    signal,
  );
  let closed: Promise<void> | undefined;
  const close = () => (closed ??= session.close());
  ctx.onCleanup(close);
  const notes = startTailNotes(io, { topic: several ? undefined : o.topics[0]!, from: o.from, stops: o.exitAtEnd || o.until !== undefined }, session.plan);
  const max = o.maxMessages ?? Infinity;
  let printed = 0;
  try {
    const read = { records: 0, bytes: 0 };
    const batches = countRead(selectedBatches(session, { decode, filter: makeRecordFilter(o), max }, signal), read);
    printed = await writeRecordBatches(io, batches, render, notes, signal);
    if (o.key !== undefined && (client.config.verbosity ?? 0) >= 1) io.stderr.write(`kafka-cli: --key: read ${read.records} records (${read.bytes} bytes of keys and values), ${printed} matched\n`);
  } finally {
    await close();
  }
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof BrokenPipe) return;
    // Ctrl-C is how a follow ends (exit 0); with --exit it cut the read short (130).
    if (o.exitAtEnd && !session.finished && printed < max) throw reason instanceof Interrupted ? reason : new Interrupted();
  }
}

/** With --key: the partition the key hashes to, said with -v. */
function keyPicker(io: Ctx['io'], o: TailCommandOptions, verbose: boolean): ((count: number) => number[]) | undefined {
  const how = o.keyPartitioner;
  if (how === undefined || o.key === undefined) return undefined;
  const key = o.key;
  return (count) => {
    const p = keyPartition(key, count, how);
    if (verbose) {
      const other = how === 'murmur2' ? '--partitioner crc32' : '--partitioner murmur2';
      io.stderr.write(`kafka-cli: --key ${JSON.stringify(key)}: reading partition ${p} of ${count} only, where ${how} (${PARTITIONER_OWNERS[how]}) puts it; ${other} or --all-partitions for other producers\n`);
    }
    return [p];
  };
}

/** Counts every record fetched (selected or not) and the bytes of its key and value. */
async function* countRead<T extends { handled: ConsumedRecord[] }>(batches: AsyncIterable<T>, read: { records: number; bytes: number }): AsyncIterable<T> {
  for await (const b of batches) {
    for (const r of b.handled) {
      read.records++;
      read.bytes += (r.key?.length ?? 0) + (r.value?.length ?? 0);
    }
    yield b;
  }
}
