import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * Files whose tests are about time as the real processes live it: pacing counted at the
 * emulator, replicas sharing a window through Redis, the real entry point's shutdown. They
 * run after the others, one file at a time, so that no test of this suite busies the
 * machine beside them.
 */
const realTime = ['test/replicas.test.ts', 'test/pacing-end-to-end.test.ts', 'test/call-window.test.ts', 'test/start.test.ts'];

/**
 * Three projects, all run by `npm test` (`vitest run --project unit` runs one):
 *  - unit: pure logic in process (config, the import graph, the schema and its prices,
 *    paging), fast;
 *  - e2e: stories against real processes and ports (the emulator, the gateway, Redis,
 *    Chromium), each file in a process of its own, two files at a time beside unit;
 *  - real-time: the files above, afterwards, alone.
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
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], pool: 'threads', maxWorkers: 2 } },
      { extends: true, test: { name: 'e2e', include: ['test/*.test.ts'], exclude: realTime, pool: 'forks', maxWorkers: 2 } },
      {
        extends: true,
        test: { name: 'real-time', include: realTime, pool: 'forks', maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
