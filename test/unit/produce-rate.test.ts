import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/kafka/produce/rate-limiter.js';

/** Sends batches through the limiter on a fake clock and returns each send time. */
function simulate(rate: number, batches: Array<{ at: number; size: number }>): number[] {
  let now = 0;
  const limiter = new RateLimiter(rate, () => now);
  const sentAt: number[] = [];
  for (const b of batches) {
    now = Math.max(now, b.at);
    now += limiter.reserve(b.size);
    sentAt.push(now);
  }
  return sentAt;
}

describe('produce rate limiter', () => {
  it('each batch waits for the end of its own slot: 5 msg/s, batches of 1', () => {
    expect(simulate(5, Array.from({ length: 5 }, () => ({ at: 0, size: 1 })))).toEqual([200, 400, 600, 800, 1000]);
  });

  it('never exceeds the rate in any window, also after an idle pause (no saved-up burst)', () => {
    const batches = [...Array.from({ length: 10 }, () => ({ at: 0, size: 3 })), ...Array.from({ length: 10 }, () => ({ at: 10_000, size: 3 }))];
    const sentAt = simulate(50, batches);
    // After 10 s of nothing, the next batch still waits its 60 ms slot.
    expect(sentAt[10]).toBe(10_060);
    for (let i = 0; i < sentAt.length; i++) {
      for (let j = i; j < sentAt.length; j++) {
        const messages = 3 * (j - i + 1);
        expect(messages).toBeLessThanOrEqual((50 * (sentAt[j]! - sentAt[i]!)) / 1000 + 3);
      }
    }
  });
});
