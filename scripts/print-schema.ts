/** Writes schema.graphql from the Pothos schema: `npm run schema:print`. */
import { writeFileSync } from 'node:fs';
import { printSchema } from '../src/schema/print.js';

writeFileSync(new URL('../schema.graphql', import.meta.url), printSchema());
console.log('schema.graphql written');
