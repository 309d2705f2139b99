/** Typing messages into produce on a terminal: bad lines reported and skipped at once, no progress line, Ctrl-C. */
import { describe, expect, it, vi } from 'vitest';
import { BIN, baseEnv, runCli, startInProcess, uniqueName } from '../helpers/cli.js';
import { createTopic } from '../helpers/kafka.js';
import { startProcess } from '../helpers/process.js';

async function values(topic: string): Promise<string[]> {
  const r = await runCli(['tail', topic, '--from', 'beginning', '-e', '-f', '%k=%s\\n']);
  return r.stdout.split('\n').filter(Boolean).sort();
}

describe('integration: produce typed on a terminal', () => {
  it('a line without the key separator is reported at once and skipped; Ctrl-C drops a half-typed line and says so', async () => {
    const t = uniqueName('typed');
    await createTopic(t, 1);
    const live = startInProcess(['produce', t, '-K:'], { tty: true });
    await vi.waitFor(() => expect(live.stderr()).toContain('Type messages'), { timeout: 10_000 });
    live.stdin.write('a:1\nnosep\n');
    // Reported while typing, before the input ends.
    await vi.waitFor(() => expect(live.stderr()).toContain('kafka-cli: line 2: no key separator ":"'), { timeout: 10_000 });
    expect(live.stderr()).toMatch(/line 2: no key separator ":".*: not sent; type the next one\n/);
    live.stdin.write('b:2\nhalf-typed');
    await vi.waitFor(async () => expect(await values(t)).toEqual(['a=1', 'b=2']), { timeout: 15_000, interval: 200 });
    live.interrupt();
    expect(await live.done).toBe(130);
    const err = live.stderr();
    expect(err).toContain('kafka-cli: a line typed without Enter was not sent\n');
    // No progress line (carriage return + erase) ever cut into the typing.
    expect(err).not.toContain('\r');
    expect(err).not.toMatch(/sent \d+ messages? \(/);
    expect(await values(t)).toEqual(['a=1', 'b=2']);
  });

  it('a pipe keeps the strict behaviour: the line without separator stops the run (exit 2)', async () => {
    const t = uniqueName('piped');
    await createTopic(t, 1);
    const r = await runCli(['produce', t, '-K:'], { stdin: 'a:1\nnosep\nb:2\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kafka-cli: line 2: no key separator ":" .*; 1 message before it delivered; nothing from line 2 on was sent/m);
    expect(r.stderr).not.toContain("type the next one");
    expect(await values(t)).toEqual(['a=1']);
  });

  it('on a real pseudo-terminal (script): Ctrl-C with a half-typed line sends none of it', async () => {
    const t = uniqueName('pty');
    await createTopic(t, 1);
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} produce ${t} -K:`;
    const pty = startProcess('script', ['-qfec', cmd, '/dev/null'], { env: baseEnv({ NO_COLOR: '1' }), stdin: 'open' });
    const { child, stdout: screen } = pty;
    try {
      await vi.waitFor(() => expect(screen()).toContain('Type messages'), { timeout: 15_000 });
      child.stdin.write('k:typed\r');
      await vi.waitFor(async () => expect(await values(t)).toEqual(['k=typed']), { timeout: 15_000, interval: 200 });
      child.stdin.write('k:half');
      await vi.waitFor(() => expect(screen()).toContain('k:half'), { timeout: 5_000 });
      child.stdin.write('\x03');
      await vi.waitFor(() => expect(screen()).toContain('a line typed without Enter was not sent'), { timeout: 15_000 });
    } finally {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await pty.exited;
      clearTimeout(timer);
    }
    expect(screen()).not.toMatch(/\r\x1b\[K/);
    expect(await values(t)).toEqual(['k=typed']);
  });
});
