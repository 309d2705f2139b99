/**
 * Errors core code (src/kafka) throws on purpose: each is one line for the user. They carry no exit code:
 * src/main.ts decides it from the kind (UsageError 2, KafkaError 1).
 */
export class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** What the user gave is wrong (flags, arguments, input lines, a partition the topic does not have). */
export class UsageError extends DomainError {}

/** The operation failed: the broker refused, was unreachable, or timed out. */
export class KafkaError extends DomainError {}

/**
 * Topics or groups the cluster does not have (exit 1, a KafkaError). It names them, so that src/main.ts can add
 * "(did you mean 'orders'?)" from the names the cluster has.
 */
export class NotFound extends KafkaError {
  constructor(
    message: string,
    readonly kind: 'topic' | 'group',
    readonly names: readonly string[],
  ) {
    super(message);
  }
}

/** Exit codes: documented in README.md ("Exit codes"). Only src/main.ts turns errors into a process exit code. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  threshold: 3,
  interrupted: 130,
} as const;

/** Errors of the command line itself that carry their exit code (interrupts, thresholds, a closed pipe). */
export class CliError extends DomainError {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
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
