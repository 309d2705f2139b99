/** Shared set-up for the tail integration tests: messages written with kafkajs directly, and a follow-mode spawner. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import kafkajs from 'kafkajs';
import type { Message } from 'kafkajs';
import { testKafka } from '../helpers/kafka.js';
import { BIN, baseEnv } from '../helpers/cli.js';

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
  const child = spawn(process.execPath, [BIN, ...args], { env: baseEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('close', (code, signal) => r({ code, signal })));
  return {
    child,
    out: () => out,
    err: () => err,
    exited,
    async waitLines(n, timeoutMs = 15_000) {
      const t0 = Date.now();
      while (lines(out).length < n) {
        if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${n} lines; got:\n${out}\nstderr:\n${err}`);
        if (child.exitCode !== null) throw new Error(`tail exited (${child.exitCode}) before ${n} lines; got:\n${out}\nstderr:\n${err}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return lines(out);
    },
  };
}
