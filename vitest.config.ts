import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/browser/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Builds spawn processes and write temp folders: two at a time fits a 2-core machine.
    maxWorkers: 2,
  },
});
