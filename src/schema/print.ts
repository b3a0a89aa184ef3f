/** The schema as SDL, sorted, as committed in schema.graphql. */
import { lexicographicSortSchema, printSchema as print } from 'graphql';
import { schema } from './index.js';

export const printSchema = (): string => `${print(lexicographicSortSchema(schema))}\n`;
