/**
 * --rate: each batch waits for the end of its own time slot (size / rate), and slots never overlap, so no
 * interval ever carries more than rate x its length plus one batch, also after an idle pause (no saved-up burst).
 */
export class RateLimiter {
  private nextAt: number;
  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.nextAt = now();
  }

  /** Reserves the next slot for `messages` and returns how many ms to wait before sending them. */
  reserve(messages: number): number {
    const now = this.now();
    this.nextAt = Math.max(this.nextAt, now) + (messages * 1000) / this.perSecond;
    return this.nextAt - now;
  }
}
