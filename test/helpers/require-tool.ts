/**
 * The one gate of every test that needs something outside Node and the test broker's plain listener: a peer client
 * (kcat, Apache's Java tools), a checker (promtool), a shell, or one of the test broker's other listeners.
 *
 *     it.skipIf(!requireTool('kcat'))('all four codecs interoperate with kcat', ...)
 *
 * Missing: the tests that need it skip and the file says so once on stderr. Under REQUIRE_TOOLS=1 (.ci/run sets it)
 * a missing one throws instead: the test file FAILS, naming what is missing, so a run can never shrink silently.
 * A feature that the broker's (or registry's) release lacks is not a missing tool: see skipUnless.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { TestContext } from 'vitest';
import { kafkaLib } from './apache.js';
import { maybeTestBroker } from './broker-info.js';

export type Tool =
  | 'kcat'
  | 'promtool'
  | 'bash'
  | 'zsh'
  | 'fish'
  | 'tmux'
  /** java on PATH and the test broker's own jars (Apache's console, perf and admin tools). */
  | 'java-tools'
  /** The test broker's SASL_PLAINTEXT listener (an external broker: KAFKA_TEST_SASL_BROKERS). */
  | 'sasl-listener'
  /** The test broker's SSL listener and its CA (an external broker: KAFKA_TEST_SSL_BROKERS, KAFKA_TEST_TLS_DIR). */
  | 'ssl-listener'
  /** The KRaft controller listener of a broker the tests started (none for an external broker). */
  | 'controller-listener';

const HINTS: Record<Tool, string> = {
  kcat: 'apt-get install kcat',
  promtool: 'apt-get install prometheus',
  bash: 'apt-get install bash',
  zsh: 'apt-get install zsh',
  fish: 'apt-get install fish',
  tmux: 'apt-get install tmux',
  'java-tools': 'Java 17+ on PATH; the global setup fetches the jars',
  'sasl-listener': 'let the suite start its own broker, or set KAFKA_TEST_SASL_BROKERS',
  'ssl-listener': 'let the suite start its own broker, or set KAFKA_TEST_SSL_BROKERS and KAFKA_TEST_TLS_DIR',
  'controller-listener': 'let the suite start its own broker (unset KAFKA_BROKERS)',
};

const onPath = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

function present(tool: Tool): boolean {
  const b = maybeTestBroker();
  switch (tool) {
    case 'java-tools':
      return !!b && onPath('java') && existsSync(kafkaLib());
    case 'sasl-listener':
      return !!b?.sasl;
    case 'ssl-listener':
      return !!b?.ssl && !!b.tlsDir;
    case 'controller-listener':
      return !!b?.controller;
    default:
      return onPath(tool);
  }
}

/** REQUIRE_TOOLS=1: every tool a test needs must be here. */
export const toolsRequired = (): boolean => process.env.REQUIRE_TOOLS === '1';

const seen = new Map<Tool, boolean>();

/** Whether `tool` is here (for skipIf). Missing under REQUIRE_TOOLS=1: throws, naming it. */
export function requireTool(tool: Tool): boolean {
  let here = seen.get(tool);
  if (here === undefined) {
    here = present(tool);
    seen.set(tool, here);
    if (!here && !toolsRequired()) console.warn(`[tests] ${tool} is missing (${HINTS[tool]}): the tests that need it are skipped; REQUIRE_TOOLS=1 makes them fail`);
  }
  if (!here && toolsRequired()) throw new Error(`REQUIRE_TOOLS=1 and ${tool} is missing: ${HINTS[tool]}`);
  return here;
}

/**
 * A legitimate, visible skip: a feature the release under test lacks (share groups before Kafka 4.2, ...).
 * Use as `beforeEach(skipUnless(cond, reason))` in a describe, or call it with the test's context; the reason is
 * printed beside the skipped test.
 */
export function skipUnless(condition: boolean, reason: string): (ctx: TestContext) => void {
  return (ctx) => {
    if (!condition) ctx.skip(reason);
  };
}
