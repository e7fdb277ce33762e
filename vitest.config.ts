import { defineConfig } from 'vitest/config';

// One vitest run over every workspace: packages resolve to their TypeScript source
// (their package.json "exports" point at src/), so no build step precedes a test.
export default defineConfig({
  test: {
    include: ['apps/*/src/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'tests/*/src/**/*.test.ts', 'tests/*/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
