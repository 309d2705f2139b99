/**
 * --rate holds before and after Ctrl-C: the real process (bin/kafka-cli.js, from dist/) gets a real SIGINT while
 * it has far more input read than the rate has let it send; the topic is counted.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCli, uniqueName } from '../helpers/cli.js';
import { createTopic, withAdmin } from '../helpers/kafka.js';

async function messagesIn(topic: string): Promise<number> {
  return withAdmin(async (a) => (await a.fetchTopicOffsets(topic)).reduce((s, p) => s + Number(p.high), 0));
}

interface Report {
  line: number;
  status: string;
}

describe('integration: produce --rate and Ctrl-C', () => {
  for (const rate of [5, 50]) {
    it(`--rate ${rate}: never exceeded, before or after SIGINT; what was read but not sent is reported unsent and in --failed`, { timeout: 60_000 }, async () => {
      const topic = uniqueName(`rate-${rate}`);
      await createTopic(topic, 3);
      const failed = join(mkdtempSync(join(tmpdir(), 'produce-rate-')), 'failed.jsonl');
      const started = Date.now();
      const p = startCli(['produce', topic, '-K:', '--rate', String(rate), '-o', 'json', '--failed', failed]);
      // Far more than the rate can send before the interrupt; stdin stays open.
      p.child.stdin.write(Array.from({ length: 100_000 }, (_, i) => `k${i % 13}:${i + 1}`).join('\n') + '\n');
      // About two seconds of sending at the rate.
      await expect.poll(() => messagesIn(topic), { timeout: 30_000, interval: 100 }).toBeGreaterThanOrEqual(2 * rate);
      p.child.kill('SIGINT');
      const res = await p.done;
      const seconds = (res.at - started) / 1000;
      expect(res.code, p.stderr()).toBe(130);
      const inTopic = await messagesIn(topic);
      // One batch (rate / 20, at least 1) of slack for the slot that was being sent.
      expect(inTopic).toBeLessThanOrEqual(Math.ceil(rate * seconds) + Math.ceil(rate / 20));
      const err = p.stderr();
      expect(err).not.toMatch(/\n\s+at /);
      const delivered = Number(/^Delivered ([\d,]+) messages?/.exec(err)?.[1]?.replace(/,/g, ''));
      expect(delivered, err).toBe(inTopic);
      const unsent = Number(/([\d,]+) messages? read but not sent/.exec(err)?.[1]?.replace(/,/g, ''));
      expect(unsent, err).toBeGreaterThan(0);
      expect(err).toContain(`unsent input lines: ${delivered + 1}-${delivered + unsent}`);
      expect(err).toMatch(/Interrupted: stopped reading and sending/);
      // Every line read is accounted for once: lines 1..delivered delivered, the rest unsent.
      const reports = p.stdout().trim().split('\n').map((l) => JSON.parse(l) as Report).sort((a, b) => a.line - b.line);
      expect(reports.map((r) => r.line)).toEqual(Array.from({ length: delivered + unsent }, (_, i) => i + 1));
      expect(reports.filter((r) => r.status === 'delivered')).toHaveLength(delivered);
      expect(reports.slice(delivered).every((r) => r.status === 'unsent')).toBe(true);
      // --failed holds exactly the unsent messages, in input-line order.
      const envelopes = readFileSync(failed, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { line: number; value: string });
      expect(envelopes.map((e) => e.line)).toEqual(Array.from({ length: unsent }, (_, i) => delivered + 1 + i));
      expect(envelopes.every((e) => e.value === String(e.line))).toBe(true);
    });
  }
});
