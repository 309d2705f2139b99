import { inject } from 'vitest';
import type { TestBroker } from './test-users.js';

export { TEST_USERS, type TestBroker } from './test-users.js';

export function testBroker(): TestBroker {
  return inject('broker');
}
