import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (main) and ESM (module) builds. Node, and so yoga, loads the
    // CJS one; Vite would pick the ESM one for our sources, and two copies break
    // `instanceof GraphQLError`. Point Vite at the copy Node uses.
    // Deep imports (graphql/execution/…) resolve as in Node, to the same CJS files.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
