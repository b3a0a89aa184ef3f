/** schema.graphql is an artifact of the Pothos schema; this fails when it drifts. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { printSchema } from '../src/schema/print.js';

it('schema.graphql matches the Pothos schema (run `npm run schema:print`)', () => {
  const committed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
  expect(printSchema()).toBe(committed);
});
