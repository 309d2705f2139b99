/** The gate of tests that need a tool: a skip when it is missing, a failure naming it under REQUIRE_TOOLS=1. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { requireTool, skipUnless } from '../helpers/require-tool.js';

describe('requireTool', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  // The unit project starts no broker: its listeners are missing, whatever the machine has installed.
  it('missing: false (the test skips), said once on stderr', () => {
    vi.stubEnv('REQUIRE_TOOLS', '');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(requireTool('controller-listener')).toBe(false);
    expect(requireTool('controller-listener')).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/^\[tests\] controller-listener is missing \(.*\): the tests that need it are skipped; REQUIRE_TOOLS=1 makes them fail$/);
  });

  it('missing under REQUIRE_TOOLS=1: throws, naming it (the test file fails instead of shrinking)', () => {
    vi.stubEnv('REQUIRE_TOOLS', '1');
    expect(() => requireTool('sasl-listener')).toThrow(/^REQUIRE_TOOLS=1 and sasl-listener is missing: /);
  });

  it('present: true, under REQUIRE_TOOLS=1 too', () => {
    vi.stubEnv('REQUIRE_TOOLS', '1');
    // sh runs every check; bash is what the scripts of this repository need anyway.
    expect(requireTool('bash')).toBe(true);
  });
});

describe('skipUnless', () => {
  it('skips with its reason when the condition is false, and does nothing when it is true', () => {
    const skip = vi.fn();
    skipUnless(true, 'never')({ skip } as never);
    expect(skip).not.toHaveBeenCalled();
    skipUnless(false, 'share groups need Kafka 4.2+')({ skip } as never);
    expect(skip).toHaveBeenCalledWith('share groups need Kafka 4.2+');
  });
});
