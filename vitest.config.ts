import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The registry is launched first and starts while the broker's setup runs (tests wait for it: registryReady()).
    globalSetup: ['test/setup/registry.ts', 'test/setup/broker.ts'],
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 3,
    minWorkers: 1,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
