import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli, uniqueName } from '../helpers/cli.js';
import { createTopic } from '../helpers/kafka.js';
import { testBroker } from '../helpers/broker-info.js';
import { parseJsonLines } from './tail-helpers.js';
import { requireTool } from '../helpers/require-tool.js';


/** Values of every kind the --json-values rule must tell apart. */
const VALUES = [
  '{"id":1,"tags":["a","b"],"ok":true}', // compact JSON: a JSON value
  '{\n  "id": 2\n}', // pretty-printed: stays a string
  '{"name":"\\u00e9t\\u00e9"}', // unicode escapes: writing it back would change the bytes
  '{"name":"été"}', // the same text unescaped: compact
  '12345678901234567890', // beyond 2^53: stays a string
  'null', // the 4 bytes null, not a tombstone
  'plain text, not JSON',
];

function kcat(args: string[], input?: string): string {
  const r = spawnSync('kcat', ['-b', testBroker().bootstrap, ...args], { input, encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`kcat failed: ${r.stderr}`);
  return r.stdout;
}

/** Every record's key and value bytes, as kcat prints them (0x1f between key and value, 0x1e after each). */
function dump(topic: string): string[] {
  return kcat(['-C', '-t', topic, '-e', '-q', '-f', '%k\x1f%s\x1e']).split('\x1e').filter((s) => s !== '');
}

describe.skipIf(!requireTool('kcat'))('integration: tail -o json --json-values | produce --input json', () => {
  it('writes compact JSON as JSON values, keeps the rest as strings, and round-trips byte-exactly (kcat)', async () => {
    const src = uniqueName('jv-src');
    const dst = uniqueName('jv-dst');
    await createTopic(src, 1);
    await createTopic(dst, 1);
    // 0x1e separates messages so pretty-printed values keep their newlines; keys are JSON too.
    const input = VALUES.map((v, i) => `{"k":${i}}\x1f${v}`).join('\x1e');
    kcat(['-P', '-t', src, '-K', '\x1f', '-D', '\x1e'], input);
    const before = dump(src);
    expect(before).toHaveLength(VALUES.length);

    const tail = await runCli(['tail', src, '--from', 'beginning', '-e', '-o', 'json', '--json-values']);
    expect(tail.code).toBe(0);
    const envs = parseJsonLines(tail.stdout);
    expect(envs.map((e) => e.valueEncoding)).toEqual(['json', 'utf8', 'utf8', 'json', 'utf8', 'json', 'utf8']);
    expect(envs.every((e) => e.keyEncoding === 'json')).toBe(true);
    expect(envs[0]!.value).toEqual({ id: 1, tags: ['a', 'b'], ok: true });
    expect(envs[1]!.value).toBe('{\n  "id": 2\n}');
    expect(envs[2]!.value).toBe('{"name":"\\u00e9t\\u00e9"}');
    expect(envs[3]!.value).toEqual({ name: 'été' });
    expect(envs[5]!.value).toBeNull();
    expect(envs[0]!.key).toEqual({ k: 0 });

    const produce = await runCli(['produce', dst, '--input', 'json'], { stdin: tail.stdout });
    expect(produce.code).toBe(0);
    expect(dump(dst)).toEqual(before);
  });

  it('produce --input json sends an object or array value as its compact JSON', async () => {
    const topic = uniqueName('jv-obj');
    await createTopic(topic, 1);
    const r = await runCli(['produce', topic, '--input', 'json'], {
      stdin: '{"key":"a","value":{ "status" : "ok", "n": [1, 2] }}\n{"key":{"id":7},"value":[true,null]}\n{"key":"s","value":"text"}\n',
    });
    expect(r.code).toBe(0);
    expect(dump(topic)).toEqual(['a\x1f{"status":"ok","n":[1,2]}', '{"id":7}\x1f[true,null]', 's\x1ftext']);
  });
});

describe('integration: tail --json-values (usage)', () => {
  it('--json-values without -o json is a usage error', async () => {
    const r = await runCli(['tail', 'whatever', '--json-values']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kafka-cli: --json-values needs -o json\n');
  });
});
