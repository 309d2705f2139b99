/** The one process spawner of the tests: kafka-cli's bin, Apache's Java tools, script(1), anything else. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface ProcessOptions {
  /** The whole environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Bytes to write and then end stdin; 'open' leaves stdin open for the test to write (default: ended at once). */
  stdin?: string | Buffer | 'open';
  /** SIGKILLs the process after this long, so a hang fails the test instead of the run (default: never). */
  timeoutMs?: number;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** When the process ended (ms since the epoch), and how long it ran. */
  at: number;
  ms: number;
}

export interface RunningProcess {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  stdoutBytes(): Buffer;
  exited: Promise<Exit>;
}

export interface FinishedProcess extends Exit {
  stdout: string;
  stderr: string;
  stdoutBytes: Buffer;
}

/** Starts `command` with stdout and stderr captured as they come. */
export function startProcess(command: string, args: string[], o: ProcessOptions = {}): RunningProcess {
  const t0 = Date.now();
  const child = spawn(command, args, { env: o.env, cwd: o.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  // A process that exits without reading its stdin must not fail the test with EPIPE.
  child.stdin.on('error', () => {});
  if (o.stdin === undefined) child.stdin.end();
  else if (o.stdin !== 'open') child.stdin.end(o.stdin);
  const timer = o.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), o.timeoutMs);
  timer?.unref();
  const exited = new Promise<Exit>((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const at = Date.now();
      resolve({ code, signal, at, ms: at - t0 });
    }),
  );
  return {
    child,
    stdout: () => Buffer.concat(out).toString('utf8'),
    stderr: () => Buffer.concat(err).toString('utf8'),
    stdoutBytes: () => Buffer.concat(out),
    exited,
  };
}

/** Runs `command` to its end. */
export async function runProcess(command: string, args: string[], o: ProcessOptions = {}): Promise<FinishedProcess> {
  const p = startProcess(command, args, o);
  const exit = await p.exited;
  return { ...exit, stdout: p.stdout(), stderr: p.stderr(), stdoutBytes: p.stdoutBytes() };
}
