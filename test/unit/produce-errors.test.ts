import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { describeKafkaError } from '../../src/kafka/client/client.js';

const config = { brokers: ['127.0.0.1:9092'], clientId: 't', timeoutMs: 5000, verbose: false };

describe('produce failure text', () => {
  it('a retry wrapper that repeats its cause is named once', () => {
    const cause = new kafkajs.KafkaJSProtocolError('This server does not host this topic-partition');
    const wrapped = new kafkajs.KafkaJSNumberOfRetriesExceeded(cause, { retryCount: 5, retryTime: 2000 });
    expect(describeKafkaError(wrapped, config)).toBe('This server does not host this topic-partition');
  });

  it('a cause that adds something is still named', () => {
    const cause = new kafkajs.KafkaJSProtocolError('The request included a message larger than the max message size the server will accept');
    const wrapped = new kafkajs.KafkaJSNonRetriableError(new Error('send failed'));
    (wrapped as unknown as { cause: Error }).cause = cause;
    expect(describeKafkaError(wrapped, config)).toBe(`send failed: ${cause.message}`);
  });
});
