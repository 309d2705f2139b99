/** `topic delete-records`: the plan (or what was done) per partition. */
import type { ChalkInstance } from 'chalk';
import type { DeleteRecordsResult } from '../../kafka/admin/delete-records.js';
import { position, renderTable } from '../output.js';

/** `{ topic, executed, partitions: [{ partition, lowWatermark, highWatermark, deleteBefore, deleted, newLowWatermark }] }`, watermarks as int64 strings, `deleted` a number. */
export function deleteRecordsJson(r: DeleteRecordsResult): unknown {
  return {
    topic: r.topic,
    executed: r.executed,
    partitions: r.partitions.map((p) => ({
      partition: p.partition,
      lowWatermark: position(p.low),
      highWatermark: position(p.high),
      deleteBefore: position(p.deleteBefore),
      deleted: p.deleted,
      newLowWatermark: position(p.newLow),
    })),
  };
}

export function renderDeleteRecords(r: DeleteRecordsResult, c: ChalkInstance): string {
  const head = r.executed ? ['PARTITION', 'OLD-LOW', 'NEW-LOW', 'HIGH', 'DELETED'] : ['PARTITION', 'LOW', 'HIGH', 'DELETE-BEFORE', 'TO-DELETE'];
  const rows = r.partitions.map((p) => (r.executed ? [p.partition, p.low, p.newLow, p.high, p.deleted] : [p.partition, p.low, p.high, p.deleteBefore, p.deleted]));
  return renderTable(head, rows, c);
}

export function deleteRecordsSummary(r: DeleteRecordsResult): string {
  const total = r.partitions.reduce((n, p) => n + p.deleted, 0n);
  return r.executed
    ? `deleted ${total} message${total === 1n ? '' : 's'} from '${r.topic}'\n`
    : `plan only: would delete ${total} message${total === 1n ? '' : 's'} from '${r.topic}'; run again with --execute to delete them\n`;
}
