/**
 * GraphQL Code Generator (`npm run codegen`), from the committed schema.graphql: typed
 * documents for the tests' `graphql()` operations, and for examples/operations.graphql
 * (used by examples/client.ts). `npm test` fails when either output is stale.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: false,
  // Imports with .js extensions, as NodeNext ESM needs.
  emitLegacyCommonJSImports: false,
  generates: {
    'test/gql/': {
      documents: ['test/**/*.ts', '!test/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
      },
    },
    'examples/gql/': {
      documents: ['examples/**/*.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { documentMode: 'string', useTypeImports: true, enumsAsTypes: true },
    },
  },
};

export default config;
