import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * Two projects, both run by `npm test` (`vitest run --project unit` runs one):
 *  - unit: pure logic in process (config, the import graph, the schema and its prices,
 *    paging, pacing on a clock of the test's own), fast and parallel;
 *  - e2e: stories against real processes and ports (the emulator, the gateway, the real
 *    entry point, Redis, Chromium), each file in a process of its own.
 */
export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (main) and ESM (module) builds. Node, and so yoga, loads the
    // CJS one; Vite would pick the ESM one for our sources, and two copies break
    // `instanceof GraphQLError`. Point Vite at the copy Node uses.
    // Deep imports (graphql/execution/…) resolve as in Node, to the same CJS files.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], pool: 'threads' } },
      { extends: true, test: { name: 'e2e', include: ['test/*.test.ts'], pool: 'forks' } },
    ],
  },
});
