/** Runs the real program in-process with memory IO, or spawns bin/kafka-cli.js. */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { run } from '../../src/main.js';
import * as errorsModule from '../../src/core/errors.js';
import type { IO, OutStream } from '../../src/core/io.js';
import { maybeTestBroker } from './broker-info.js';
import { runProcess, startProcess } from './process.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin', 'kafka-cli.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  stdoutBytes: Buffer;
}

export interface RunOptions {
  stdin?: string | Buffer | Readable;
  env?: Record<string, string | undefined>;
  /** Pretend stdin/stdout/stderr are terminals. */
  tty?: boolean;
  signal?: AbortSignal;
  cwd?: string;
}

class MemoryOut implements OutStream {
  chunks: Buffer[] = [];
  isTTY: boolean;
  columns = 120;
  constructor(tty: boolean) {
    this.isTTY = tty;
  }
  write(chunk: string | Uint8Array): boolean {
    this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
    return true;
  }
  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

let isolatedConfig: string | undefined;
/** A config home with no profiles, so the developer's own profiles never leak into tests. */
export function isolatedConfigHome(): string {
  isolatedConfig ??= mkdtempSync(join(tmpdir(), 'kafka-cli-test-config-'));
  return isolatedConfig;
}

export function baseEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    XDG_CONFIG_HOME: isolatedConfigHome(),
    // `local start` records its instances here: never in the developer's own state dir.
    XDG_STATE_HOME: isolatedConfigHome(),
    // Unit tests run with no broker (project 'unit'): a closed port then, so nothing can reach a real cluster.
    KAFKA_BROKERS: maybeTestBroker()?.bootstrap ?? '127.0.0.1:9',
  };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export async function runCli(args: string[], opts: RunOptions = {}): Promise<CliResult> {
  const stdout = new MemoryOut(opts.tty ?? false);
  const stderr = new MemoryOut(opts.tty ?? false);
  let stdin: Readable & { isTTY?: boolean };
  if (opts.stdin instanceof Readable) stdin = opts.stdin;
  else if (opts.stdin !== undefined) stdin = Readable.from([typeof opts.stdin === 'string' ? Buffer.from(opts.stdin) : opts.stdin]);
  else {
    const empty = new PassThrough();
    empty.end();
    stdin = empty;
  }
  if (opts.tty) stdin.isTTY = true;
  const io: IO = { stdout, stderr, stdin, env: baseEnv(opts.env), cwd: opts.cwd ?? process.cwd() };
  const code = await run(args, io, opts.signal);
  return { code, stdout: stdout.bytes.toString('utf8'), stderr: stderr.bytes.toString('utf8'), stdoutBytes: stdout.bytes };
}

export interface SpawnResult extends CliResult {
  signal: NodeJS.Signals | null;
  ms: number;
}

/** Spawns the real binary; `timeoutMs` kills it (the result then has code -1) so a hang fails the test instead of the run. */
export async function spawnCli(args: string[], opts: { stdin?: string | Buffer; env?: Record<string, string | undefined>; timeoutMs?: number; nodeArgs?: string[] } = {}): Promise<SpawnResult> {
  const r = await runProcess(process.execPath, [...(opts.nodeArgs ?? []), BIN, ...args], { env: baseEnv(opts.env), stdin: opts.stdin, timeoutMs: opts.timeoutMs ?? 30_000 });
  return { code: r.code ?? -1, signal: r.signal, stdout: r.stdout, stderr: r.stderr, stdoutBytes: r.stdoutBytes, ms: r.ms };
}

let counter = 0;
/** A unique topic or group name per test, so tests never see each other's data. */
export function uniqueName(prefix = 't'): string {
  counter++;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 6)}`;
}

/** Runs kafka-cli with a terminal on stdin/stderr, typing `typed` once a [y/N] question is on the screen. */
export async function runOnTerminal(args: string[], typed: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  stdin.isTTY = true;
  const stderr = new PassThrough() as PassThrough & { isTTY?: boolean };
  stderr.isTTY = true;
  const stdout = new PassThrough();
  const err: Buffer[] = [];
  const out: Buffer[] = [];
  stderr.on('data', (c: Buffer) => {
    err.push(c);
    if (Buffer.concat(err).toString().includes('[y/N]') && !stdin.writableEnded) stdin.end(typed);
  });
  stdout.on('data', (c: Buffer) => out.push(c));
  const io: IO = { stdin, stdout, stderr, env: baseEnv({ NO_COLOR: '1' }), cwd: process.cwd() };
  const code = await run(args, io);
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** `at`: when the process ended (ms since the epoch). */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/** Starts bin/kafka-cli.js in the background (stdin open for the test to write); SIGKILLed after `timeoutMs` so a hang fails the test. */
export function startCli(args: string[], opts: { env?: Record<string, string | undefined>; timeoutMs?: number; cwd?: string } = {}): RunningCli {
  const p = startProcess(process.execPath, [BIN, ...args], { env: baseEnv(opts.env), cwd: opts.cwd, stdin: 'open', timeoutMs: opts.timeoutMs ?? 60_000 });
  return { child: p.child, stdout: p.stdout, stderr: p.stderr, done: p.exited };
}

export interface LiveCli {
  stdout: () => string;
  stderr: () => string;
  /** Ends the run as Ctrl-C does. */
  interrupt: () => void;
  stdin: PassThrough;
  done: Promise<number>;
}

/** Runs kafka-cli in-process with live streams the test can watch (and, with `tty`, terminals on all three). */
export function startInProcess(args: string[], opts: { tty?: boolean; env?: Record<string, string | undefined> } = {}): LiveCli {
  const mk = () => {
    const s = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
    if (opts.tty) {
      s.isTTY = true;
      s.columns = 120;
    }
    return s;
  };
  const [stdin, stdout, stderr] = [mk(), mk(), mk()];
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const controller = new AbortController();
  const { Interrupted } = errorsModule;
  const io: IO = { stdin, stdout, stderr, env: baseEnv({ NO_COLOR: '1', ...opts.env }), cwd: process.cwd() };
  return { stdout: () => out, stderr: () => err, interrupt: () => controller.abort(new Interrupted()), stdin, done: run(args, io, controller.signal) };
}
