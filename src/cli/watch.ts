/** --watch: read, draw, wait an interval, until the signal. */
import { sleep } from '../kafka/client/sleep.js';

export interface WatchSteps<T> {
  /** `first`: the first read (its failure ends the watch; later ones are warned about and retried). */
  read(first: boolean): Promise<T>;
  /** Draws what was read (waits for the output to take it). */
  draw(value: T): Promise<void>;
  warn(message: string): void;
}

export async function watchEvery<T>(everyMs: number, signal: AbortSignal, steps: WatchSteps<T>): Promise<void> {
  let first = true;
  while (!signal.aborted) {
    let value: T | undefined;
    let read = false;
    try {
      value = await steps.read(first);
      read = true;
    } catch (e) {
      if (first) throw e;
      if (signal.aborted) break;
      steps.warn(`${(e as Error).message} (retrying in ${everyMs} ms)`);
    }
    first = false;
    if (signal.aborted) break;
    if (read) await steps.draw(value as T);
    await sleep(everyMs, signal);
  }
}
