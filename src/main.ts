/** The one entry point: builds the program, wires signals, maps errors to exit codes. */
import { CommanderError, type Command } from 'commander';
import { BrokenPipe, CliError, DomainError, ExitCode, Interrupted, UsageError } from './core/errors.js';
import { processIO, type IO } from './core/io.js';
import { createContext } from './cli/context.js';
import { buildProgram } from './program.js';
import { watchStdoutReader } from './cli/input/reader-gone.js';
import { habitHint } from './cli/hints.js';
import { withNameSuggestion } from './cli/suggest-names.js';

/** Whether `flag` of `command` (or a global option) takes a value, by the program's own option definitions. */
function optionTakesValue(program: Command, command: string, flag: string): boolean | undefined {
  const sub = program.commands.find((c) => c.name() === command || c.aliases().includes(command));
  for (const o of [...(sub?.options ?? []), ...program.options]) {
    if (o.long === flag || o.short === flag) return o.required || o.optional;
  }
  return undefined;
}

function isBrokenPipe(e: unknown): boolean {
  return (e as NodeJS.ErrnoException)?.code === 'EPIPE' || (e as NodeJS.ErrnoException)?.code === 'ERR_STREAM_DESTROYED';
}

/** The reader of stdout went away: `gone` aborts then; `ending` runs when that ends the command (tail, lag --watch). */
export interface ReaderGoneWiring {
  gone: AbortSignal;
  ending?(): void;
}

/** Runs kafka-cli with `argv` (no node/script prefix) and resolves to the exit code. Never calls process.exit. */
export async function run(argv: string[], io: IO, signal: AbortSignal = new AbortController().signal, reader?: ReaderGoneWiring): Promise<number> {
  // The command's signal: the caller's (Ctrl-C), or a reader that went away, for the commands that end then.
  const command = new AbortController();
  const follow = () => command.abort(signal.reason);
  if (signal.aborted) follow();
  else signal.addEventListener('abort', follow, { once: true });
  const end = () => {
    if (command.signal.aborted) return;
    reader?.ending?.();
    command.abort(new BrokenPipe());
  };
  const ctx = createContext(io, command.signal, () => program, { signal: reader?.gone ?? new AbortController().signal, end });
  const program = buildProgram(ctx);
  // Stack traces are for debugging, with kafkajs's log: -vv (or --verbose twice).
  const verbose = argv.some((a) => /^-vv+$/.test(a)) || argv.filter((a) => a === '-v' || a === '--verbose').length >= 2;
  try {
    // Commands that stream (tail, produce, lag --watch) handle the signal themselves and end cleanly;
    // for the others an interrupt ends the wait at once.
    let onAbort: () => void = () => {};
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        if (!ctx.handlesSignal) reject(command.signal.reason instanceof CliError ? command.signal.reason : new Interrupted());
      };
      if (command.signal.aborted) onAbort();
      else command.signal.addEventListener('abort', onAbort, { once: true });
    });
    aborted.catch(() => {});
    try {
      const hint = habitHint(argv, (command, flag) => optionTakesValue(program, command, flag));
      if (hint) throw new UsageError(hint);
      await Promise.race([program.parseAsync(argv, { from: 'user' }), aborted]);
    } finally {
      command.signal.removeEventListener('abort', onAbort);
    }
    return ExitCode.ok;
  } catch (e) {
    // A topic or group the cluster does not have: "(did you mean 'orders'?)" from the names it has.
    return report(await withNameSuggestion(e, ctx), io, verbose);
  } finally {
    await ctx.cleanup();
    signal.removeEventListener('abort', follow);
  }
}

/** The one place that decides exit codes (README "Exit codes"). */
function exitCodeOf(e: DomainError): number {
  if (e instanceof CliError) return e.exitCode;
  if (e instanceof UsageError) return ExitCode.usage;
  return ExitCode.failed;
}

function report(e: unknown, io: IO, verbose: boolean): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return ExitCode.ok;
    // Commander already printed its message (through configureOutput).
    return ExitCode.usage;
  }
  if (isBrokenPipe(e)) return ExitCode.ok;
  if (e instanceof DomainError) {
    // A usage error quotes what was typed: a newline in it must not split the one-line error.
    const message = e instanceof UsageError ? e.message.replace(/\r?\n/g, '\\n') : e.message;
    if (message) io.stderr.write(`kafka-cli: ${message}\n`);
    if (verbose && e.stack && !(e instanceof Interrupted)) io.stderr.write(e.stack + '\n');
    return exitCodeOf(e);
  }
  const err = e as Error;
  io.stderr.write(`kafka-cli: ${err?.message ?? String(e)}\n`);
  if (verbose && err?.stack) io.stderr.write(err.stack + '\n');
  return ExitCode.failed;
}

/**
 * Process entry (bin/kafka-cli.js): real streams, SIGINT/SIGTERM to an AbortSignal. A reader of stdout that goes
 * away (EPIPE, or `| head -1` exiting while there is nothing to write) ends the commands whose job is their output
 * (exit 0); the others keep working to their true outcome (produce delivers all of its input).
 */
export async function main(): Promise<void> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    interrupts++;
    if (interrupts > 1) process.exit(ExitCode.interrupted);
    controller.abort(new Interrupted());
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const readerGone = new AbortController();
  const onReaderGone = () => readerGone.abort();
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (isBrokenPipe(e)) onReaderGone();
    });
  }
  const stopWatching = watchStdoutReader(onReaderGone);
  // A command ended by its reader going away cleans up (e.g. a temporary consumer group), but does not hang on it.
  const ending = () => void setTimeout(() => process.exit(ExitCode.ok), 5000).unref();
  const code = await run(process.argv.slice(2), processIO(), controller.signal, { gone: readerGone.signal, ending });
  stopWatching();
  process.exitCode = code;
  // kafkajs may leave timers behind; exit once stdout has flushed.
  process.stdout.write('', () => process.exit(code));
}
