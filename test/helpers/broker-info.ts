import { inject } from 'vitest';
import type { TestBroker } from './test-users.js';

export { TEST_USERS, type TestBroker } from './test-users.js';

export function testBroker(): TestBroker {
  return inject('broker');
}

/** The test broker, or undefined in the unit project (which starts none). */
export function maybeTestBroker(): TestBroker | undefined {
  return inject('broker') as TestBroker | undefined;
}
