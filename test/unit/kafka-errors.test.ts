import { describe, expect, it } from 'vitest';
import { describeKafkaError } from '../../src/kafka/client.js';
import type { ConnectionConfig } from '../../src/config/connection.js';

const plain: ConnectionConfig = { brokers: ['h:9092'], clientId: 'c', timeoutMs: 5000, verbose: false };

function closed(): Error {
  const e = new Error('Closed connection');
  e.name = 'KafkaJSConnectionClosedError';
  return e;
}

describe('describeKafkaError: a closed connection', () => {
  it('at connect time (probe), asks whether the listener needs SASL or TLS', () => {
    expect(describeKafkaError(closed(), plain, true)).toBe('cannot connect to h:9092: the connection was closed (Closed connection); does the listener need SASL or TLS?');
  });

  it('later (e.g. a broker restarting while tail reads), says only what happened', () => {
    expect(describeKafkaError(closed(), plain)).toBe('cannot connect to h:9092: the connection was closed (Closed connection)');
  });

  it('never hints at SASL or TLS when they are already configured', () => {
    const sasl: ConnectionConfig = { ...plain, sasl: { mechanism: 'plain', username: 'u', password: 'p' } } as ConnectionConfig;
    expect(describeKafkaError(closed(), sasl, true)).not.toMatch(/SASL or TLS/);
  });
});
