import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, uniqueName, type CliResult } from '../helpers/cli.js';
import { createTopic } from '../helpers/kafka.js';
import { lines, send } from './tail-helpers.js';

const T0 = Date.parse('2026-01-10T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** Runs tail (following: no --exit) and gives up after `ms`: null means it was still running. */
async function tailWithin(args: string[], ms = 10_000): Promise<CliResult | null> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), ms);
  let timedOut = false;
  ac.signal.addEventListener('abort', () => (timedOut = true));
  const r = await runCli(['tail', ...args], { signal: ac.signal });
  clearTimeout(timer);
  return timedOut ? null : r;
}

describe('integration: tail --until <time> that starts already past it', () => {
  const topic = uniqueName('tail-until');
  beforeAll(async () => {
    await createTopic(topic, 3);
    // Partition 0: offsets 0-5, one second apart from T0; partition 1: 0-2; partition 2: empty.
    await send(topic, Array.from({ length: 6 }, (_, i) => ({ partition: 0, value: `p0-${i}`, timestamp: String(T0 + i * 1000) })));
    await send(topic, Array.from({ length: 3 }, (_, i) => ({ partition: 1, value: `p1-${i}`, timestamp: String(T0 + i * 1000) })));
  });

  it('from the end (the default), following: every partition is done at once, exit 0', async () => {
    for (const until of [iso(T0 + 2500), iso(T0 - 3_600_000), iso(Date.now() - 1000)]) {
      const r = await tailWithin([topic, '--until', until]);
      expect(r, `tail --until ${until} did not end`).not.toBeNull();
      expect(r!.code, r!.stderr).toBe(0);
      expect(r!.stdout).toBe('');
    }
  });

  it('from the beginning, following: stops each partition at the first message at or after the time, then ends', async () => {
    const r = await tailWithin([topic, '--from', 'beginning', '--until', iso(T0 + 2500), '-f', '%p:%o\\n']);
    expect(r, 'tail did not end').not.toBeNull();
    expect(r!.code, r!.stderr).toBe(0);
    expect(lines(r!.stdout).sort()).toEqual(['0:0', '0:1', '0:2', '1:0', '1:1', '1:2']);
  });

  it('with --group: done at once as well', async () => {
    const r = await tailWithin([topic, '--group', uniqueName('g'), '--until', iso(T0 + 2500)], 20_000);
    expect(r, 'tail --group did not end').not.toBeNull();
    expect(r!.code, r!.stderr).toBe(0);
    expect(r!.stdout).toBe('');
  });

  it('a time still ahead keeps following (until Ctrl-C)', async () => {
    const t0 = Date.now();
    const r = await tailWithin([topic, '--until', iso(Date.now() + 3_600_000)], 1500);
    expect(r).toBeNull();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1400);
  });
});
