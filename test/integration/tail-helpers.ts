/** Shared set-up for the tail integration tests: messages written with kafkajs directly, and a follower of tail's output. */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { vi } from 'vitest';
import kafkajs from 'kafkajs';
import type { Message } from 'kafkajs';
import { testKafka } from '../helpers/kafka.js';
import { startCli } from '../helpers/cli.js';

export async function send(topic: string, messages: Message[], opts: { compression?: number } = {}): Promise<void> {
  const p = testKafka().producer({ createPartitioner: kafkajs.Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  await p.connect();
  try {
    for (let i = 0; i < messages.length; i += 2000) await p.send({ topic, messages: messages.slice(i, i + 2000), compression: opts.compression });
  } finally {
    await p.disconnect();
  }
}

export function lines(s: string): string[] {
  return s.split('\n').filter((l) => l !== '');
}

export function parseJsonLines(s: string): Array<Record<string, unknown>> {
  return lines(s).map((l) => JSON.parse(l) as Record<string, unknown>);
}

export interface Follower {
  child: ChildProcessWithoutNullStreams;
  out(): string;
  err(): string;
  /** Resolves once stdout holds at least `n` lines. */
  waitLines(n: number, timeoutMs?: number): Promise<string[]>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `kafka-cli tail ...` (dist build) and lets the test read its output while it runs. */
export function follow(args: string[], env: Record<string, string> = {}): Follower {
  const p = startCli(args, { env, timeoutMs: 180_000 });
  return {
    child: p.child,
    out: p.stdout,
    err: p.stderr,
    exited: p.done,
    async waitLines(n, timeoutMs = 15_000) {
      return vi.waitFor(
        () => {
          const got = lines(p.stdout());
          if (got.length >= n) return got;
          if (p.child.exitCode !== null) throw new Error(`tail exited (${p.child.exitCode}) before ${n} lines; got:\n${p.stdout()}\nstderr:\n${p.stderr()}`);
          throw new Error(`timed out waiting for ${n} lines; got:\n${p.stdout()}\nstderr:\n${p.stderr()}`);
        },
        { timeout: timeoutMs, interval: 25 },
      );
    },
  };
}
