import type { Command } from 'commander';
import type { Ctx } from '../cli/context.js';
import { Interrupted, UsageError, BrokenPipe } from '../cli/errors.js';
import { writeAsync, type OutStream } from '../cli/io.js';
import { collect, parseIntArg, parseKeyValue, parsePartitionList, validateTopicName } from '../cli/parse.js';
import { FORMAT_HELP } from '../format/record-format.js';
import { parseStartSpec as parseStart, parseStopSpec as parseStop, type StartSpec, type StopSpec } from '../format/offset-spec.js';
import type { ConsumedRecord } from '../kafka/types.js';

const HELP = `
--from: beginning | end (default: only new messages) | 1234 (that offset in each partition) |
  -N (the last N of each partition) | +N (N after the beginning) | 2026-11-20T10:00:00Z |
  @1763632800000 (epoch milliseconds) | 15m, 2h, 1d (time ago)
  An offset beyond the end of a partition starts at its end, with a warning naming the high watermarks.
--until: an offset or a time (same forms); stops each partition before it.

Output (-o): text (default: local time with zone offset, partition/offset, key, value; colored on a terminal),
  value (the raw value, one per line), json (one envelope per line, read back by produce --input json:
  {"topic","partition","offset","timestamp","timestampIso","key","keyEncoding","value","valueEncoding","headers"}).
On a terminal, bytes that are not valid UTF-8 and control characters are escaped (\\xNN), never printed raw.

${FORMAT_HELP}

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
  kafka-cli tail orders --grep '"status":"failed"' --key order-42
  kafka-cli tail orders --group billing -e            as a member of group billing, committing what it printed
  kafka-cli consume orders --from beginning -e        consume is another name for tail`;

interface TailFlags {
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
}

export type TailOutput = 'text' | 'value' | 'json';

export function registerTail(program: Command, ctx: Ctx): void {
  program
    .command('tail')
    .alias('consume')
    .description('read a topic from a chosen offset, follow it or stop at the end (alias: consume)')
    .argument('<topic>', 'topic to read')
    .option('--from <spec>', 'where to start: beginning, end, offset, -N, +N, ISO time, @epoch-ms, or time ago (default: end)')
    .option('-n, --last <N>', 'the last N messages of each partition (same as --from -N)')
    .option('-p, --partition <n,...>', 'only these partitions, e.g. 0,2 or 0-3')
    .option('-e, --exit', 'stop at the end offsets captured at start instead of following')
    .option('-c, --max-messages <n>', 'stop after printing n messages')
    .option('--until <offset|time>', 'stop each partition before this offset or time')
    .option('--read-committed', 'only committed transactional messages (isolation read_committed)')
    .option('-o, --output <format>', 'text, value or json', undefined)
    .option('-f, --format <template>', 'print each message with a template (tokens below)')
    .option('--headers', 'show headers in the text output')
    .option('--grep <regex>', 'only messages whose value matches the regular expression')
    .option('--key <text>', 'only messages with this key')
    .option('--header <key=value>', 'only messages with this header (repeatable: all must match)', collect, [])
    .option('--group <id>', 'consume as a member of this consumer group and commit what was printed')
    .addHelpText('after', HELP)
    .action(async (topic: string, flags: TailFlags) => {
      const opts = parseTailFlags(topic, flags);
      await runTail(ctx, opts);
    });
}

export interface TailCommandOptions {
  topic: string;
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
  headerFilters: Array<[string, string]>;
  group?: string;
}

export function parseTailFlags(topic: string, f: TailFlags, now = Date.now()): TailCommandOptions {
  validateTopicName(topic);
  if (f.from !== undefined && f.last !== undefined) throw new UsageError('use either --from or -n/--last, not both');
  let from: StartSpec = { kind: 'end' };
  if (f.from !== undefined) from = parseStart(f.from, now);
  if (f.last !== undefined) from = { kind: 'last', count: BigInt(parseIntArg(f.last, '--last', 0)) };
  const output = (f.output ?? 'text').toLowerCase();
  if (output !== 'text' && output !== 'value' && output !== 'json') throw new UsageError(`invalid --output '${f.output}': expected text, value or json`);
  if (f.format !== undefined && f.output !== undefined) throw new UsageError('use either -f/--format or -o/--output, not both');
  if (f.group !== undefined && f.partition !== undefined) throw new UsageError('--partition cannot be used with --group (the group assigns partitions)');
  if (f.group !== undefined && f.group.trim() === '') throw new UsageError('invalid --group: it is empty');
  let grep: RegExp | undefined;
  if (f.grep !== undefined) {
    try {
      grep = new RegExp(f.grep);
    } catch (e) {
      throw new UsageError(`invalid --grep '${f.grep}': ${(e as Error).message}`);
    }
  }
  return {
    topic,
    partitions: f.partition !== undefined ? parsePartitionList(f.partition) : undefined,
    from,
    fromGiven: f.from !== undefined || f.last !== undefined,
    exitAtEnd: f.exit === true,
    until: f.until !== undefined ? parseStop(f.until, now) : undefined,
    readCommitted: f.readCommitted === true,
    maxMessages: f.maxMessages !== undefined ? parseIntArg(f.maxMessages, '--max-messages', 1) : undefined,
    output,
    format: f.format,
    headers: f.headers === true,
    grep,
    key: f.key,
    headerFilters: (f.header ?? []).map((h) => parseKeyValue(h, '--header')),
    group: f.group,
  };
}

function makeFilter(o: TailCommandOptions): ((r: ConsumedRecord) => boolean) | undefined {
  const tests: Array<(r: ConsumedRecord) => boolean> = [];
  if (o.key !== undefined) {
    const k = Buffer.from(o.key, 'utf8');
    tests.push((r) => r.key !== null && r.key.equals(k));
  }
  for (const [hk, hv] of o.headerFilters) {
    const v = Buffer.from(hv, 'utf8');
    tests.push((r) => r.headers.some((h) => h.key === hk && h.value !== null && h.value.equals(v)));
  }
  if (o.grep) {
    const re = o.grep;
    tests.push((r) => r.value !== null && re.test(r.value.toString('utf8')));
  }
  if (tests.length === 0) return undefined;
  return (r) => tests.every((t) => t(r));
}

/** Waits for the writer to drain, or for the signal (a reader that went away never drains). */
async function drain(stream: OutStream, chunk: Buffer, signal: AbortSignal): Promise<void> {
  const p = writeAsync(stream, chunk);
  if (!p) return;
  if (signal.aborted) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    void p.then(done);
  });
}

async function runTail(ctx: Ctx, o: TailCommandOptions): Promise<void> {
  ctx.handlesSignal = true;
  const { io, signal } = ctx;
  const [{ openTail }, render] = await Promise.all([import('../kafka/consume.js'), makeRenderer(ctx, o)]);
  const client = await ctx.client();
  const session = await openTail(
    client,
    {
      topic: o.topic,
      partitions: o.partitions,
      from: o.from,
      fromGiven: o.fromGiven,
      exitAtEnd: o.exitAtEnd,
      until: o.until,
      readCommitted: o.readCommitted,
      group: o.group,
      onWarning: (m) => void io.stderr.write(`kafka-cli: warning: ${m}\n`),
    },
    signal,
  );
  let closed: Promise<void> | undefined;
  const close = () => (closed ??= session.close());
  ctx.onCleanup(close);
  const notes = await import('../format/tail-notes.js');
  const beyond = notes.fromBeyondEndWarning(o.topic, o.from, session.plan);
  if (beyond) io.stderr.write(beyond + '\n');
  // On a terminal, following: say once that tail waits (nothing of this in a pipe).
  const following = !o.exitAtEnd && o.until === undefined && io.stderr.isTTY === true && io.stdout.isTTY === true;
  const waiting = following ? notes.waitingNote(o.topic, session.plan) : undefined;
  if (waiting) io.stderr.write(waiting + '\n');
  const catchUp = following && !waiting ? new notes.CatchUp(session.plan) : undefined;
  const filter = makeFilter(o);
  let printed = 0;
  let caughtUp = false;
  const max = o.maxMessages ?? Infinity;
  try {
    outer: for await (const batch of session.batches()) {
      const chunks: Buffer[] = [];
      for (const r of batch) {
        if (filter === undefined || filter(r)) {
          render(r, chunks);
          printed++;
        }
        session.handled(r);
        if (catchUp?.seen(r.partition, r.offset)) caughtUp = true;
        if (printed >= max) {
          if (chunks.length) await drain(io.stdout, Buffer.concat(chunks), signal);
          break outer;
        }
      }
      if (chunks.length) await drain(io.stdout, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), signal);
      if (caughtUp) {
        caughtUp = false;
        io.stderr.write(notes.caughtUpNote(o.topic) + '\n');
      }
      if (signal.aborted) break;
    }
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

type Render = (r: ConsumedRecord, out: Buffer[]) => void;

const NL = Buffer.from('\n');

async function makeRenderer(ctx: Ctx, o: TailCommandOptions): Promise<Render> {
  const { io } = ctx;
  const safe = io.stdout.isTTY === true;
  if (o.format !== undefined) {
    const { compileFormat } = await import('../format/record-format.js');
    const fmt = compileFormat(o.format);
    return (r, out) => void out.push(fmt.render(r, safe));
  }
  if (o.output === 'json') {
    const { envelopeLine } = await import('../format/envelope.js');
    return (r, out) => void out.push(Buffer.from(envelopeLine(r), 'utf8'));
  }
  if (o.output === 'value') {
    if (!safe) return (r, out) => void (r.value !== null ? out.push(r.value, NL) : out.push(NL));
    const { safeText } = await import('../format/records.js');
    return (r, out) => void out.push(Buffer.from((r.value === null ? '' : safeText(r.value, { keepLayout: true })) + '\n', 'utf8'));
  }
  const [{ renderRecordLine }, { chalkFor }] = await Promise.all([import('../format/records.js'), import('../format/output.js')]);
  const c = chalkFor(io, io.stdout);
  const lineOpts = { headers: o.headers };
  return (r, out) => void out.push(Buffer.from(renderRecordLine(r, c, lineOpts), 'utf8'));
}
