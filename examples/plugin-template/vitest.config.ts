import { defineConfig } from 'vitest/config';

// Own config, so that a monorepo's config higher up is never picked up instead.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 30_000 },
});
