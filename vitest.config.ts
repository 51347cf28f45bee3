import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 600_000, // a hang guard only: tests wait on events, and a loaded 2-core machine is slow
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
