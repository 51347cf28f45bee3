import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Bundles import the library by package name; in tests it is the TypeScript source, never build/.
  resolve: { alias: { 'ferry/runtime': fileURLToPath(new URL('./runtime/lib/index.ts', import.meta.url)) } },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/build.ts'],
    testTimeout: 600_000, // a hang guard only: tests wait on events, and a loaded 2-core machine is slow
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
