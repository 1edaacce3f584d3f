import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['test/setup/networkGuard.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Deterministic: a fixed time zone so nothing depends on the machine's TZ.
    env: { TZ: 'UTC' },
  },
});
