/** tail --from/--until @<epoch-ms>, and the warning for a numeric --from beyond the end (epoch ms typed as an offset). */
import { describe, expect, it } from 'vitest';
import { runCli, uniqueName } from '../helpers/cli.js';
import { createTopic } from '../helpers/kafka.js';
import { lines, send } from './tail-helpers.js';

describe('integration: tail --from @<epoch-ms>', () => {
  it('--from @ms and --until @ms select by message timestamp', async () => {
    const t = uniqueName('tail-epoch');
    await createTopic(t, 1);
    const base = Date.now() - 60_000;
    await send(t, [0, 1, 2, 3].map((i) => ({ value: `v${i}`, timestamp: String(base + i * 1000) })));
    const from = await runCli(['tail', t, '--from', `@${base + 1000}`, '-e', '-o', 'value']);
    expect(from.stderr).toBe('');
    expect(from.code).toBe(0);
    expect(lines(from.stdout)).toEqual(['v1', 'v2', 'v3']);
    const window = await runCli(['tail', t, '--from', `@${base + 1000}`, '--until', `@${base + 3000}`, '-o', 'value']);
    expect(window.code).toBe(0);
    expect(lines(window.stdout)).toEqual(['v1', 'v2']);
  });

  it('epoch ms typed as an offset: exit 0, and a warning with the high watermark that suggests @<n>', async () => {
    const t = uniqueName('tail-epoch-typo');
    await createTopic(t, 1);
    await send(t, [{ value: 'a' }, { value: 'b' }]);
    const ms = Date.now() - 60_000;
    const r = await runCli(['tail', t, '--from', String(ms), '-e', '-o', 'value']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `kafka-cli: warning: --from ${ms} is beyond the end of every partition of '${t}' (high watermark 0:2): it starts at the end; ${ms} looks like epoch milliseconds (${new Date(ms).toISOString()}): for a time, use --from @${ms}\n`,
    );
    // The suggestion works.
    const fixed = await runCli(['tail', t, '--from', `@${ms}`, '-e', '-o', 'value']);
    expect(lines(fixed.stdout)).toEqual(['a', 'b']);
  });
});
