/** tail with no registry set on Schema Registry framed records: raw, with one hint line on stderr. */
import { describe, expect, it } from 'vitest';
import { runCli, uniqueName } from '../helpers/cli.js';
import { createTopic } from '../helpers/kafka.js';
import { send } from './tail-helpers.js';

describe('integration: tail with no registry on framed records', () => {
  it('prints them raw and names --schema-registry once on stderr; plain records get no hint', async () => {
    const t = uniqueName('tail-framed');
    await createTopic(t, 1);
    const framed = Buffer.concat([Buffer.from([0, 0, 0, 0, 7]), Buffer.from('payload')]);
    await send(t, [{ value: framed }, { value: framed }, { value: framed }]);
    const r = await runCli(['tail', t, '--from', 'beginning', '-e', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(3);
    const hints = r.stderr.split('\n').filter((l) => l.includes('--schema-registry'));
    expect(hints).toHaveLength(1);
    expect(hints[0]).toMatch(/look Schema Registry framed/);

    const p = uniqueName('tail-plain');
    await createTopic(p, 1);
    await send(p, [{ value: 'hello' }]);
    const q = await runCli(['tail', p, '--from', 'beginning', '-e']);
    expect(q.code).toBe(0);
    expect(q.stderr).toBe('');
  });
});
