/** One default Kafka version everywhere users meet it: local start, the test broker, the compose files. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_KAFKA_VERSION } from '../../src/local/broker.js';
import { ROOT } from '../helpers/cli.js';

describe('Kafka versions', () => {
  it('every compose file in docker/ runs the default Apache Kafka image', () => {
    const files = readdirSync(join(ROOT, 'docker')).filter((f) => f.endsWith('.yml'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const images = [...readFileSync(join(ROOT, 'docker', f), 'utf8').matchAll(/image:\s*apache\/kafka:(\S+)/g)].map((m) => m[1]);
      for (const v of images) expect(v, f).toBe(DEFAULT_KAFKA_VERSION);
    }
  });

  it('the default is a 4.x release and docs/local-clusters.md names it', () => {
    expect(DEFAULT_KAFKA_VERSION).toMatch(/^4\.\d+\.\d+$/);
    expect(readFileSync(join(ROOT, 'docs', 'local-clusters.md'), 'utf8')).toContain(`Apache Kafka **${DEFAULT_KAFKA_VERSION}**`);
  });
});
