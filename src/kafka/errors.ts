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
