/** tail's read: one topic or several, records decoded and filtered, up to --max-messages, each marked handled. */
import type { KafkaClient } from '../client/client.js';
import type { TailOptions, TailSession } from './tail-plan.js';
import type { MultiTailOptions } from './consume-multi.js';
import type { ConsumedRecord } from '../../core/records.js';

export type ReadOptions = Omit<TailOptions, 'topic'> & { topics: string[]; pattern?: RegExp };

/** Several topics (or a --regex) read as one stream; one topic by itself. */
export async function openTailSession(client: KafkaClient, o: ReadOptions, signal: AbortSignal): Promise<TailSession> {
  const { topics, pattern, ...read } = o;
  if (topics.length > 1 || pattern !== undefined) {
    const { openMultiTail } = await import('./consume-multi.js');
    const multi: MultiTailOptions = { ...read, topics, pattern };
    return openMultiTail(client, multi, signal);
  }
  const { openTail } = await import('./consume.js');
  return openTail(client, { ...read, topic: topics[0]! }, signal);
}

export interface SelectOptions {
  /** Turns a fetched batch into what is shown (schema registry decoding). */
  decode?: (batch: ConsumedRecord[]) => Promise<ConsumedRecord[]>;
  /** Only records it accepts are selected (the others are still handled). */
  filter?: (r: ConsumedRecord) => boolean;
  /** Stop after this many selected records. */
  max?: number;
}

export interface SelectedBatch {
  /** The records to show. */
  selected: ConsumedRecord[];
  /** Every record handled in this batch, selected or not, in fetch order. */
  handled: ConsumedRecord[];
  /** The last batch: `max` records have been selected. */
  reachedMax: boolean;
}

/**
 * The session's batches, decoded and filtered; every record up to the `max`-th selected one is marked handled
 * (with --group its offset is committed). Ends with the session, at `max`, or when the signal aborts between batches.
 */
export async function* selectedBatches(session: TailSession, o: SelectOptions, signal: AbortSignal): AsyncGenerator<SelectedBatch> {
  const max = o.max ?? Infinity;
  let count = 0;
  for await (const raw of session.batches()) {
    const batch = o.decode ? await o.decode(raw) : raw;
    const selected: ConsumedRecord[] = [];
    let handled = batch;
    let reachedMax = false;
    for (let i = 0; i < batch.length; i++) {
      const r = batch[i]!;
      if (o.filter === undefined || o.filter(r)) {
        selected.push(r);
        count++;
      }
      session.handled(r);
      if (count >= max) {
        handled = batch.slice(0, i + 1);
        reachedMax = true;
        break;
      }
    }
    yield { selected, handled, reachedMax };
    if (reachedMax || signal.aborted) return;
  }
}
