/** The one entry point: builds the program, wires signals, maps errors to exit codes. */
import { CommanderError, type Command } from 'commander';
import { BrokenPipe, CliError, DomainError, ExitCode, Interrupted, UsageError } from './cli/errors.js';
import { processIO, type IO } from './cli/io.js';
import { createContext } from './cli/context.js';
import { buildProgram } from './cli/program.js';
import { watchStdoutReader } from './cli/reader-gone.js';
import { habitHint } from './cli/hints.js';

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

/** Runs kafka-cli with `argv` (no node/script prefix) and resolves to the exit code. Never calls process.exit. */
export async function run(argv: string[], io: IO, signal: AbortSignal = new AbortController().signal): Promise<number> {
  const ctx = createContext(io, signal, () => program);
  const program = buildProgram(ctx);
  // Stack traces are for debugging, with kafkajs's log: -vv (or --verbose twice).
  const verbose = argv.some((a) => /^-vv+$/.test(a)) || argv.filter((a) => a === '-v' || a === '--verbose').length >= 2;
  try {
    // Commands that stream (tail, produce, lag --watch) handle the signal themselves and end cleanly;
    // for the others an interrupt ends the wait at once.
    let onAbort: () => void = () => {};
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        if (!ctx.handlesSignal) reject(signal.reason instanceof CliError ? signal.reason : new Interrupted());
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    aborted.catch(() => {});
    try {
      const hint = habitHint(argv, (command, flag) => optionTakesValue(program, command, flag));
      if (hint) throw new UsageError(hint);
      await Promise.race([program.parseAsync(argv, { from: 'user' }), aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    return ExitCode.ok;
  } catch (e) {
    return report(e, io, verbose);
  } finally {
    await ctx.cleanup();
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

/** Process entry (bin/kafka-cli.js): real streams, SIGINT/SIGTERM to an AbortSignal, broken pipe is a quiet exit 0. */
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
  const onBrokenPipe = () => {
    // Let the command clean up (e.g. a temporary consumer group), but do not hang on it.
    controller.abort(new BrokenPipe());
    setTimeout(() => process.exit(ExitCode.ok), 5000).unref();
  };
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (isBrokenPipe(e)) onBrokenPipe();
    });
  }
  // A reader that goes away while there is nothing to write (tail on a quiet topic | head -1) ends it too.
  const stopWatching = watchStdoutReader(onBrokenPipe);
  const code = await run(process.argv.slice(2), processIO(), controller.signal);
  stopWatching();
  process.exitCode = code;
  // kafkajs may leave timers behind; exit once stdout has flushed.
  process.stdout.write('', () => process.exit(code));
}
