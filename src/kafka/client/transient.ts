/**
 * Whether a failed send may succeed if sent again: kafkajs gave up retrying a retriable error (connection refused
 * or closed, request timeout, leader not available...). Errors the broker will repeat (too large, invalid
 * timestamp, not authorized) are final.
 */
type E = { name?: string; type?: string; retriable?: boolean; cause?: unknown } | null | undefined;

/** kafkajs wraps the last error of its retries (KafkaJSNumberOfRetriesExceeded, KafkaJSNonRetriableError, nested when retriers nest): what counts is the error underneath. */
export function underlying(e: unknown): E {
  let err = e as E;
  for (let i = 0; i < 5 && err && (err.name === 'KafkaJSNumberOfRetriesExceeded' || err.name === 'KafkaJSNonRetriableError') && err.cause && err.cause !== err; i++) {
    err = err.cause as E;
  }
  return err;
}

export function isTransientSendError(e: unknown): boolean {
  const err = underlying(e);
  if (!err || typeof err !== 'object') return false;
  return typeof err.name === 'string' && err.name.startsWith('KafkaJS') && err.name !== 'KafkaJSNonRetriableError' && err.retriable === true;
}
