import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // One Chromium at a time: the machine is small and shared.
    maxWorkers: 1,
    fileParallelism: false,
  },
});
