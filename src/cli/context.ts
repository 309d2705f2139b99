/** What every command gets: injected IO, the abort signal, global flags, and a lazily created Kafka client. */
import type { Command } from 'commander';
import type { IO } from '../core/io.js';
import type { ConnectionConfig, GlobalFlags } from '../config/connection.js';
import type { KafkaClient } from '../kafka/client/client.js';
import { canPrompt, promptPassword } from './prompt.js';

export interface Ctx {
  io: IO;
  signal: AbortSignal;
  /** Set by commands that stop cleanly on the signal themselves (tail, produce, lag --watch). */
  handlesSignal: boolean;
  /**
   * Aborts once the reader of stdout (or stderr) went away (`| head -1` exited). It ends only the commands that
   * called endWhenReaderGoes(); any other command keeps working to its true outcome (produce keeps delivering).
   */
  readerGone: AbortSignal;
  /** For commands whose whole job is their output (tail, lag --watch, local logs -f): a reader that goes away ends them, exit 0. */
  endWhenReaderGoes(): void;
  flags(): GlobalFlags;
  connection(): Promise<ConnectionConfig>;
  /** The Kafka client (kafkajs is imported here, on first use, not at start-up). */
  client(): Promise<KafkaClient>;
  /** Runs when the command ends, however it ends (main awaits these before exiting). */
  onCleanup(fn: () => Promise<void> | void): void;
  cleanup(): Promise<void>;
}

export interface ReaderGone {
  signal: AbortSignal;
  /** Ends the command (its signal aborts with BrokenPipe). */
  end(): void;
}

export function createContext(io: IO, signal: AbortSignal, program: () => Command, readerGone: ReaderGone = { signal: new AbortController().signal, end: () => {} }): Ctx {
  let connection: Promise<ConnectionConfig> | undefined;
  let client: Promise<KafkaClient> | undefined;
  const cleanups: Array<() => Promise<void> | void> = [];
  const ctx: Ctx = {
    io,
    signal,
    handlesSignal: false,
    readerGone: readerGone.signal,
    endWhenReaderGoes() {
      if (readerGone.signal.aborted) readerGone.end();
      else readerGone.signal.addEventListener('abort', () => readerGone.end(), { once: true });
    },
    flags: () => program().opts<GlobalFlags>(),
    connection() {
      connection ??= import('../config/connection.js').then(async ({ resolveConnection, envOverrideWarning }) => {
        const { runningInstances } = await import('../local/instances.js');
        const conf = await resolveConnection(ctx.flags(), {
          env: io.env,
          cwd: io.cwd,
          promptPassword: canPrompt(io) ? (q) => promptPassword(io, q) : undefined,
          localInstances: () => runningInstances(io.env, io.cwd),
        });
        const warning = envOverrideWarning(conf);
        if (warning) io.stderr.write(warning + '\n');
        return conf;
      });
      return connection;
    },
    client() {
      client ??= (async () => {
        const conf = await ctx.connection();
        if ((conf.verbosity ?? 0) >= 1) {
          const { connectionLine } = await import('../format/connection.js');
          io.stderr.write(connectionLine(conf) + '\n');
        }
        const { createClient } = await import('../kafka/client/client.js');
        const c = createClient(conf, io.stderr, ctx.signal);
        cleanups.push(() => c.close());
        return c;
      })();
      return client;
    },
    onCleanup(fn) {
      cleanups.push(fn);
    },
    async cleanup() {
      // Last registered first: consumers stop before the client they use disconnects.
      for (const fn of cleanups.splice(0).reverse()) {
        try {
          await fn();
        } catch {
          /* cleanup is best effort; the command's own result or error stands */
        }
      }
    },
  };
  return ctx;
}
