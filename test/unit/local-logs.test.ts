import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { followFile, lastLines, localLogFile } from '../../src/local/logs.js';

describe('local logs', () => {
  it('the last lines of a log, and a clear error when there is none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafka-cli-logs-'));
    expect(() => localLogFile(dir)).toThrow(/^no broker log at .* \(has the local broker been started\?\)$/);
    const file = join(dir, 'log');
    writeFileSync(file, 'a\nb\nc\n');
    expect(lastLines(file, 2)).toEqual(['b', 'c']);
    expect(lastLines(file, 10)).toEqual(['a', 'b', 'c']);
    expect(lastLines(file, 0)).toEqual([]);
  });

  it('follows only what is appended after it starts, until the signal', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kafka-cli-logs-')), 'server.log');
    writeFileSync(file, 'old\n');
    const ac = new AbortController();
    let seen = '';
    const following = followFile(file, (c) => (seen += c.toString()), ac.signal);
    appendFileSync(file, 'new 1\n');
    await vi.waitFor(() => expect(seen).toBe('new 1\n'), { timeout: 10_000 });
    appendFileSync(file, 'new 2\n');
    await vi.waitFor(() => expect(seen).toBe('new 1\nnew 2\n'), { timeout: 10_000 });
    ac.abort();
    await following;
  });
});
