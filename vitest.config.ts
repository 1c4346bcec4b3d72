import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-fast-check.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // two test files at a time: many of them wait on child processes (CLI runs, the twin, Chromium),
    // so two cores keep busy; measured on a fresh clone, 547 s with one worker, 380 s with two
    maxWorkers: 2,
  },
});
