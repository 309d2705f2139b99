/** tail on a terminal says once that it waits; in a pipe it says nothing. */
import { describe, expect, it, vi } from 'vitest';
import { startCli, startInProcess, uniqueName } from '../helpers/cli.js';
import { createTopic } from '../helpers/kafka.js';
import { send } from './tail-helpers.js';

describe('integration: tail waiting on a terminal', () => {
  it('at the end: one note with the topic, partitions and how many messages are there; new messages still show', async () => {
    const t = uniqueName('tail-tty');
    await createTopic(t, 2);
    await send(t, [{ partition: 0, value: 'old1' }, { partition: 1, value: 'old2' }, { partition: 1, value: 'old3' }]);
    const live = startInProcess(['tail', t, '-o', 'value'], { tty: true });
    await vi.waitFor(() => expect(live.stderr()).toContain('waiting'), { timeout: 15_000 });
    expect(live.stderr()).toBe(`kafka-cli: waiting for new messages in '${t}' (partitions 0, 1; 3 messages already there: --from beginning reads them, -n 10 the last 10 of each partition; Ctrl-C to stop)\n`);
    await send(t, [{ partition: 0, value: 'new' }]);
    await vi.waitFor(() => expect(live.stdout()).toBe('new\n'), { timeout: 15_000 });
    live.interrupt();
    expect(await live.done).toBe(0);
    expect(live.stderr().match(/waiting/g)).toHaveLength(1);
  });

  it('reading old messages first: the note comes once, after them', async () => {
    const t = uniqueName('tail-tty-catch');
    await createTopic(t, 1);
    await send(t, [{ value: 'a' }, { value: 'b' }]);
    const live = startInProcess(['tail', t, '--from', 'beginning', '-o', 'value'], { tty: true });
    await vi.waitFor(() => expect(live.stderr()).toContain('waiting'), { timeout: 15_000 });
    expect(live.stdout()).toBe('a\nb\n');
    expect(live.stderr()).toBe(`kafka-cli: read to the end of '${t}'; waiting for new messages (Ctrl-C to stop)\n`);
    live.interrupt();
    expect(await live.done).toBe(0);
  });

  it('in a pipe: nothing on stderr', async () => {
    const t = uniqueName('tail-pipe');
    await createTopic(t, 1);
    const c = startCli(['tail', t, '-o', 'value']);
    // Keep producing until the follower shows one: then it has been waiting for a while.
    await vi.waitFor(async () => {
      await send(t, [{ value: 'x' }]);
      expect(c.stdout()).toContain('x');
    }, { timeout: 20_000, interval: 300 });
    c.child.kill('SIGINT');
    const end = await c.done;
    expect(end.code).toBe(0);
    expect(c.stderr()).toBe('');
  });
});
