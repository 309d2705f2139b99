/** tail's output: records written to stdout as fast as its reader takes them, and the notes on stderr. */
import type { IO } from '../core/io.js';
import { writeUntilAborted } from '../core/io.js';
import type { PartitionPlan, TailOptions } from '../kafka/consume/tail-plan.js';
import type { SelectedBatch } from '../kafka/consume/consume-selected.js';
import type { ConsumedRecord } from '../core/records.js';
import type { RecordRender } from '../format/records/tail-render.js';
import { CatchUp, caughtUpNote, fromBeyondEndWarning, waitingNote } from '../format/records/tail-notes.js';

export interface NoteOptions {
  /** The one topic read; the notes speak of one topic's partitions, so several topics get none of them. */
  topic?: string;
  from: TailOptions['from'];
  /** Reading until an end (--exit or --until) rather than following. */
  stops: boolean;
}

/** What tail says on stderr: at start (a --from beyond the end; on a terminal, that it waits) and once it caught up. */
export interface TailNotes {
  /** Called with every record handled in a batch, after the batch is written. */
  afterBatch(handled: ConsumedRecord[]): void;
}

export function startTailNotes(io: IO, o: NoteOptions, plan: PartitionPlan[]): TailNotes {
  const topic = o.topic;
  if (topic === undefined) return { afterBatch: () => {} };
  const beyond = fromBeyondEndWarning(topic, o.from, plan);
  if (beyond) io.stderr.write(beyond + '\n');
  // On a terminal, following: say once that tail waits (nothing of this in a pipe).
  const following = !o.stops && io.stderr.isTTY === true && io.stdout.isTTY === true;
  const waiting = following ? waitingNote(topic, plan) : undefined;
  if (waiting) io.stderr.write(waiting + '\n');
  const catchUp = following && !waiting ? new CatchUp(plan) : undefined;
  if (!catchUp) return { afterBatch: () => {} };
  return {
    afterBatch(handled) {
      let caughtUp = false;
      for (const r of handled) if (catchUp.seen(r.partition, r.offset)) caughtUp = true;
      if (caughtUp) io.stderr.write(caughtUpNote(topic) + '\n');
    },
  };
}

/**
 * Writes each batch's selected records to stdout and waits for it to drain (or for the signal) before the next
 * batch is read. Returns how many records were written.
 */
export async function writeRecordBatches(io: IO, batches: AsyncIterable<SelectedBatch>, render: RecordRender, notes: TailNotes, signal: AbortSignal): Promise<number> {
  let written = 0;
  for await (const batch of batches) {
    const chunks: Buffer[] = [];
    for (const r of batch.selected) render(r, chunks);
    written += batch.selected.length;
    if (chunks.length) await writeUntilAborted(io.stdout, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), signal);
    if (!batch.reachedMax) notes.afterBatch(batch.handled);
  }
  return written;
}
