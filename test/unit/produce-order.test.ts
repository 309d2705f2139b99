import { describe, expect, it } from 'vitest';
import { RequestOrder } from '../../src/kafka/protocol/request-order.js';

const tick = () => new Promise((r) => setImmediate(r));

async function isSettled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  await tick();
  await tick();
  return done;
}

describe('produce request order (turns)', () => {
  it('a request waits until the previous one was handed over for every partition', async () => {
    const order = new RequestOrder();
    const a = order.next([0, 1]);
    const b = order.next([0]);
    expect(await isSettled(a.previous)).toBe(true);
    expect(await isSettled(b.previous)).toBe(false);
    a.encoded([0]);
    expect(await isSettled(b.previous)).toBe(false);
    a.encoded([1]);
    expect(await isSettled(b.previous)).toBe(true);
  });

  it('a send that settles (failed before reaching the connection) lets later ones through, but not past an earlier one', async () => {
    const order = new RequestOrder();
    const a = order.next([0]);
    const b = order.next([0]);
    const c = order.next([0]);
    b.settled();
    expect(await isSettled(c.previous)).toBe(false);
    a.settled();
    expect(await isSettled(c.previous)).toBe(true);
  });
});
