/**
 * Typing messages into `produce` on a terminal: a line that cannot be sent (no key separator, ...) is reported
 * at once and skipped, so the user can type the next one; a pipe keeps the strict behaviour (--on-invalid).
 */
import type { InputItem } from './input/produce-input.js';

/** Passes items through, writing one line for each that cannot be sent as soon as it is read. */
export async function* reportWhileTyping(items: AsyncIterable<InputItem[]>, write: (line: string) => void): AsyncGenerator<InputItem[]> {
  for await (const batch of items) {
    for (const item of batch) if (!item.record || item.error) write(typedLineSkipped(item));
    yield batch;
  }
}

export function typedLineSkipped(item: InputItem): string {
  return `kafka-cli: ${item.error ?? `line ${item.line}: invalid`}: not sent; type the next one\n`;
}

/** Said after Ctrl-C while typing: the terminal keeps a line until Enter, so a half-typed one never left it. */
export const HALF_TYPED_NOT_SENT = 'kafka-cli: a line typed without Enter was not sent\n';
