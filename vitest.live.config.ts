import { defineConfig } from 'vitest/config';

// Opt-in suite: needs Docker and kind on the machine (npm run test:live).
export default defineConfig({
  test: {
    include: ['test/live/**/*.test.ts'],
    testTimeout: 30 * 60_000,
    hookTimeout: 30 * 60_000,
  },
});
