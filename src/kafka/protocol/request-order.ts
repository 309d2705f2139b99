/**
 * Order of produce requests with many in flight. kafkajs's way from send() to the socket has many awaits
 * (metadata, broker lookup, connection, encode), so concurrent sends can reach the connection out of order, and
 * the broker appends in the order requests arrive. A send's placeholders carry a Turn: its request is handed over
 * only after the previous send's request was (or that send settled), which keeps every partition in send order.
 */
/**
 * A send()'s place in line. Its request may be handed to the connection once `previous` resolved; it lets the
 * next send through when its request for every partition was handed over, or when the send settled (failed
 * before reaching the connection, or done): a failed send never holds up later ones.
 */
export class Turn {
  /** Resolves when this send and every earlier one were handed over or settled. */
  readonly passed: Promise<void>;
  private open!: () => void;
  private readonly waiting: Set<number>;
  constructor(
    readonly previous: Promise<void>,
    partitions: Iterable<number>,
  ) {
    const own = new Promise<void>((resolve) => (this.open = resolve));
    this.passed = previous.then(() => own);
    this.waiting = new Set(partitions);
  }
  /** Its request for these partitions is being handed to the connection. */
  encoded(partitions: number[]): void {
    for (const p of partitions) this.waiting.delete(p);
    // kafkajs queues the request on the connection a few microtasks after encode() returns, with no I/O in
    // between: a macrotask later it is queued for sure.
    if (this.waiting.size === 0) setImmediate(this.open);
  }
  settled(): void {
    this.open();
  }
}

/** Hands out turns in the order sends are started. */
export class RequestOrder {
  private last: Promise<void> = Promise.resolve();
  next(partitions: Iterable<number>): Turn {
    const t = new Turn(this.last, partitions);
    this.last = t.passed;
    return t;
  }
}
