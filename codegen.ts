/**
 * GraphQL Code Generator (`npm run codegen`), from the committed schema.graphql: typed
 * documents for the tests' `graphql()` operations, and for examples/operations.graphql
 * (used by examples/client.ts). `npm test` fails when either output is stale.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

/** Scalars as they travel in JSON: DateTime is an ISO-8601 string. */
const scalars = { DateTime: 'string' };

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
        scalars,
      },
    },
    'examples/gql/': {
      documents: ['examples/**/*.graphql'],
      preset: 'client',
      // Trusted documents: persisted-documents.json is the manifest the gateway loads
      // (GATEWAY_PERSISTED_OPERATIONS), and each document carries its hash.
      presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } },
      config: { documentMode: 'string', useTypeImports: true, enumsAsTypes: true, scalars },
    },
  },
};

export default config;
