import { DomainError } from '../kafka/errors.js';

export { DomainError, KafkaError, UsageError } from '../kafka/errors.js';

/** Exit codes: documented in README ("Exit codes"). Only src/main.ts turns errors into a process exit code. */
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
