/** The record filters of tail and copy: --key, --header k=v (all must match), --grep on the value. */
import type { ConsumedRecord } from '../core/records.js';

export interface RecordFilterOptions {
  key?: string;
  headerFilters: Array<[string, string]>;
  grep?: RegExp;
}

/** A predicate, or undefined when nothing filters (the fast path). */
export function makeRecordFilter(o: RecordFilterOptions): ((r: ConsumedRecord) => boolean) | undefined {
  const tests: Array<(r: ConsumedRecord) => boolean> = [];
  if (o.key !== undefined) {
    const k = Buffer.from(o.key, 'utf8');
    tests.push((r) => r.key !== null && r.key.equals(k));
  }
  for (const [hk, hv] of o.headerFilters) {
    const v = Buffer.from(hv, 'utf8');
    tests.push((r) => r.headers.some((h) => h.key === hk && h.value !== null && h.value.equals(v)));
  }
  if (o.grep) {
    const re = o.grep;
    tests.push((r) => r.value !== null && re.test(r.value.toString('utf8')));
  }
  if (tests.length === 0) return undefined;
  return (r) => tests.every((t) => t(r));
}
