/** `broker log-dirs`: every replica on every log dir of every broker asked, as a table or JSON. */
import type { ChalkInstance } from 'chalk';
import type { BrokerLogDirs } from '../../kafka/admin/log-dirs.js';
import { renderTable } from '../output.js';

const num = (n: bigint | null): number | null => (n === null ? null : Number(n));

/**
 * `{ brokers: [{ broker, error, logDirs: [{ logDir, error, totalBytes, usableBytes, partitions: [{ topic, partition, size, offsetLag, isFuture }] }] }] }`;
 * sizes and lags as JSON numbers (bytes and offsets, exact below 2^53), totalBytes/usableBytes null when the broker does not say.
 */
export function logDirsJson(brokers: readonly BrokerLogDirs[]): unknown {
  return {
    brokers: brokers.map((b) => ({
      broker: b.broker,
      error: b.error,
      logDirs: b.dirs.map((d) => ({
        logDir: d.path,
        error: d.error,
        totalBytes: num(d.totalBytes),
        usableBytes: num(d.usableBytes),
        partitions: d.replicas.map((r) => ({ topic: r.topic, partition: r.partition, size: Number(r.size), offsetLag: Number(r.offsetLag), isFuture: r.isFuture })),
      })),
    })),
  };
}

/** One row per replica; a broker or dir that failed gets one row with its error. */
export function renderLogDirs(brokers: readonly BrokerLogDirs[], c: ChalkInstance): string {
  const rows: (string | number | bigint)[][] = [];
  for (const b of brokers) {
    if (b.error) rows.push([b.broker, '-', c.red(b.error), '', '', '', '']);
    for (const d of b.dirs) {
      if (d.error) rows.push([b.broker, d.path, c.red(d.error), '', '', '', '']);
      for (const r of d.replicas) rows.push([b.broker, d.path, r.topic, r.partition, r.size, r.offsetLag, r.isFuture ? 'yes' : 'no']);
    }
  }
  return renderTable(['BROKER', 'DIR', 'TOPIC', 'PARTITION', 'SIZE', 'OFFSET-LAG', 'FUTURE'], rows, c);
}
