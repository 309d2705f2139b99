import { describe, expect, it } from 'vitest';
import { describeKafkaError } from '../../src/kafka/client/client.js';
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

describe('describeKafkaError: which broker', () => {
  const cluster: ConnectionConfig = { ...plain, brokers: ['a:1', 'b:2', 'c:3'] };
  const refused = () => {
    const inner = Object.assign(new Error('Connection error: connect ECONNREFUSED b:2'), { name: 'KafkaJSConnectionError', broker: 'b:2', code: 'ECONNREFUSED' });
    return Object.assign(new Error('Connection error: connect ECONNREFUSED b:2'), { name: 'KafkaJSNumberOfRetriesExceeded', originalError: inner });
  };
  it('names the broker that failed, not the whole bootstrap list', () => {
    expect(describeKafkaError(refused(), cluster)).toBe('cannot connect to b:2: connection refused (broker b:2 of the cluster is down or restarting; the leadership of its partitions moves to the other brokers)');
    // A broker the metadata named, not the one bootstrap address: also one of several.
    expect(describeKafkaError(refused(), { ...plain, brokers: ['a:1'] })).toMatch(/broker b:2 of the cluster is down or restarting/);
    // The one broker given is refused: is it running at all?
    const alone = Object.assign(new Error('Connection error: connect ECONNREFUSED h:9092'), { name: 'KafkaJSConnectionError', broker: 'h:9092', code: 'ECONNREFUSED' });
    expect(describeKafkaError(alone, plain)).toBe('cannot connect to h:9092: connection refused (is the broker running? try: kafka-cli local start)');
  });
  it('at connect time too: the broker kafkajs names (the first request can reach a live broker, then fail on a dead leader)', () => {
    expect(describeKafkaError(refused(), cluster, true)).toMatch(/^cannot connect to b:2: connection refused/);
  });

  it('names every bootstrap address when kafkajs names no broker', () => {
    const anonymous = Object.assign(new Error('Connection error: ECONNREFUSED'), { name: 'KafkaJSConnectionError', code: 'ECONNREFUSED' });
    expect(describeKafkaError(anonymous, cluster, true)).toMatch(/^cannot connect to a:1,b:2,c:3: connection refused/);
  });
});
