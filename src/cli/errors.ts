/** Exit codes: documented in README ("Exit codes"). Only src/main.ts turns these into a process exit code. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  threshold: 3,
  interrupted: 130,
} as const;

/** Base class of every error kafka-cli reports on purpose: one line, a known exit code. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
    this.name = new.target.name;
  }
}

/** What the user typed is wrong (flags, arguments, input lines): exit 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, ExitCode.usage);
  }
}

/** The operation failed: the broker refused, was unreachable, or timed out: exit 1. */
export class KafkaError extends CliError {
  constructor(message: string) {
    super(message, ExitCode.failed);
  }
}

/** A check threshold was exceeded (e.g. lag --max-lag): exit 3. */
export class ThresholdExceeded extends CliError {
  constructor(message: string) {
    super(message, ExitCode.threshold);
  }
}

/** The user interrupted (Ctrl-C, SIGTERM): exit 130. The message may be empty (nothing to add). */
export class Interrupted extends CliError {
  constructor(message = '') {
    super(message, ExitCode.interrupted);
  }
}

/** stdout was closed by the reader (`| head`): a quiet, successful end. */
export class BrokenPipe extends CliError {
  constructor() {
    super('', ExitCode.ok);
  }
}
