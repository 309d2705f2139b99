/**
 * `tail a b c` and `tail --regex 'orders\..*'`: one direct tail (consume.ts) per topic, merged into one
 * TailSession in arrival order. With --regex and following, the topic list is read again every few seconds and
 * topics that start to match are read from their beginning (they are new, so all of their messages are).
 */
import { KafkaError } from '../../core/errors.js';
import type { KafkaClient } from '../client/client.js';
import { openTail } from './consume.js';
import type { PartitionPlan, TailOptions, TailSession } from './tail-plan.js';
import { listTopicNames } from '../client/topic-metadata.js';
import type { ConsumedRecord } from '../../core/records.js';

export interface MultiTailOptions extends Omit<TailOptions, 'topic'> {
  /** Topics named on the command line. */
  topics: string[];
  /** --regex: topics whose whole name matches (internal `__` topics only when the pattern starts with `__`). */
  pattern?: RegExp;
  /** How often --regex looks for new matching topics while following. */
  discoverEveryMs?: number;
}

/** Topic names the pattern selects: a whole-name match, as Java's pattern subscription does. */
export function matchingTopics(names: string[], pattern: RegExp): string[] {
  const whole = new RegExp(`^(?:${pattern.source})$`, pattern.flags.replace(/[gy]/g, ''));
  const internal = pattern.source.startsWith('__') || pattern.source.startsWith('^__');
  return names.filter((n) => whole.test(n) && (internal || !n.startsWith('__'))).sort();
}

interface Source {
  topic: string;
  session: TailSession;
  iter: AsyncIterator<ConsumedRecord[]>;
  pending?: Promise<Step>;
}

type Step = { kind: 'batch'; source: Source; batch: ConsumedRecord[] } | { kind: 'end'; source: Source } | { kind: 'error'; source: Source; error: unknown } | { kind: 'tick' } | { kind: 'abort' };

export async function openMultiTail(client: KafkaClient, opts: MultiTailOptions, signal: AbortSignal): Promise<TailSession> {
  let topics = [...new Set(opts.topics)];
  if (opts.pattern) topics = [...new Set([...topics, ...matchingTopics(await listTopicNames(client), opts.pattern)])].sort();
  if (opts.group) {
    // One member of the group reads them all (one subscription); --regex is resolved once, at start.
    if (topics.length === 0) throw new KafkaError(`no topic matches /${opts.pattern?.source ?? ''}/`);
    const { openGroupTail } = await import('./consume-group.js');
    return openGroupTail(client, { ...opts, topic: topics[0]! }, signal, topics);
  }
  const discovering = opts.pattern !== undefined && !opts.exitAtEnd && opts.until === undefined;
  if (topics.length === 0 && !discovering) throw new KafkaError(`no topic matches /${opts.pattern?.source ?? ''}/`);
  if (topics.length === 0) opts.onWarning?.(`no topic matches /${opts.pattern!.source}/ yet; waiting for one`);
  const multi = new MultiTail(client, opts, signal, discovering);
  try {
    for (const t of topics) await multi.add(t, opts.from);
  } catch (e) {
    await multi.close();
    throw e;
  }
  return multi;
}

class MultiTail implements TailSession {
  private readonly sources = new Map<string, Source>();
  /** Matching topics that cannot be read as asked (e.g. -p names a partition they lack): warned about once. */
  private readonly skipped = new Set<string>();
  /** A topic stopped before its end (the signal): the whole read is not finished. */
  private cut = false;
  private closed = false;

  constructor(
    private readonly client: KafkaClient,
    private readonly opts: MultiTailOptions,
    private readonly signal: AbortSignal,
    private readonly discovering: boolean,
  ) {}

  async add(topic: string, from: TailOptions['from']): Promise<void> {
    const session = await openTail(this.client, { ...this.opts, topic, from }, this.signal);
    this.sources.set(topic, { topic, session, iter: session.batches()[Symbol.asyncIterator]() });
  }

  get plan(): PartitionPlan[] {
    return [...this.sources.values(), ...this.parked].flatMap((s) => s.session.plan);
  }

  get finished(): boolean {
    return !this.discovering && !this.cut && [...this.sources.values()].every((s) => s.session.finished);
  }

  handled(r: ConsumedRecord): void {
    this.sources.get(r.topic)?.session.handled(r);
  }

  private step(s: Source): Promise<Step> {
    s.pending ??= s.iter.next().then(
      (res): Step => (res.done ? { kind: 'end', source: s } : { kind: 'batch', source: s, batch: res.value }),
      (error: unknown): Step => ({ kind: 'error', source: s, error }),
    );
    return s.pending;
  }

  private wait(ms: number): Promise<Step> {
    return new Promise((resolve) => {
      const onAbort = () => {
        clearTimeout(t);
        resolve({ kind: 'abort' });
      };
      const t = setTimeout(() => {
        this.signal.removeEventListener('abort', onAbort);
        resolve({ kind: 'tick' });
      }, ms);
      this.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Opens a tail, from the beginning, for every topic that started to match since the last look. */
  private async discover(): Promise<void> {
    let names: string[];
    try {
      names = matchingTopics(await listTopicNames(this.client), this.opts.pattern!);
    } catch (e) {
      this.opts.onWarning?.(`looking for new topics failed (${(e as Error).message}); trying again`);
      return;
    }
    for (const t of names) {
      if (this.sources.has(t) || this.skipped.has(t) || this.signal.aborted) continue;
      try {
        await this.add(t, { kind: 'beginning' });
      } catch (e) {
        // A KafkaError: created a moment ago, its partitions may have no leader yet; the next look tries again.
        if (e instanceof KafkaError) continue;
        this.skipped.add(t);
        this.opts.onWarning?.(`not reading '${t}': ${(e as Error).message}`);
      }
    }
  }

  private async drop(s: Source): Promise<void> {
    this.sources.delete(s.topic);
    await s.session.close();
  }

  async *batches(): AsyncGenerator<ConsumedRecord[]> {
    const every = this.opts.discoverEveryMs ?? 2000;
    let nextLook = Date.now() + every;
    for (;;) {
      if (this.signal.aborted || this.closed) return;
      if (this.sources.size === 0 && !this.discovering) return;
      const waits = [...this.sources.values()].map((s) => this.step(s));
      if (this.discovering) waits.push(this.wait(Math.max(0, nextLook - Date.now())));
      const step = await Promise.race(waits);
      if (step.kind === 'abort') return;
      if (step.kind === 'tick') {
        await this.discover();
        nextLook = Date.now() + every;
        continue;
      }
      step.source.pending = undefined;
      if (step.kind === 'batch') {
        yield step.batch;
        continue;
      }
      if (step.kind === 'end') {
        // Done (--exit, --until), or aborted; a finished source stays for `finished` but is not read again.
        if (!step.source.session.finished) this.cut = true;
        await this.park(step.source);
        continue;
      }
      // A topic that --regex found and that was deleted since: say so and read the others.
      if (this.discovering && step.error instanceof KafkaError && /was deleted/.test(step.error.message)) {
        this.opts.onWarning?.(step.error.message);
        await this.drop(step.source);
        continue;
      }
      throw step.error;
    }
  }

  /** A source that reached its stop: closed, kept for `finished` and `plan`. */
  private readonly parked: Source[] = [];
  private async park(s: Source): Promise<void> {
    this.sources.delete(s.topic);
    this.parked.push(s);
    await s.session.close();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.sources.values()].map((s) => s.session.close().catch(() => {})));
  }
}
