import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 3,
    minWorkers: 1,
    reporters: process.env.CI ? ['default'] : ['default'],
    // A project's global setup runs only when one of its files is selected: `vitest run test/unit/x.test.ts`
    // starts no cluster, and `vitest run test/cluster/x.test.ts` starts no single broker.
    projects: [
      {
        extends: true,
        test: { name: 'broker', include: ['test/**/*.test.ts'], exclude: ['test/cluster/**', 'node_modules/**'], globalSetup: ['test/setup/broker.ts'] },
      },
      {
        extends: true,
        // One fork, one file at a time: these files kill and restart the shared cluster's nodes.
        test: { name: 'cluster', include: ['test/cluster/**/*.test.ts'], globalSetup: ['test/setup/cluster.ts'], poolOptions: { forks: { singleFork: true } }, testTimeout: 120_000 },
      },
    ],
  },
});
