/**
 * A gateway with measuring switches set (`node bench/variant.mjs '{"jit":false}'`): the
 * compiled build, configured as `npm run serve` is, plus options that no environment
 * variable sets (src/options.ts) — graphql-jit, coalescing, batching and sharing off, to
 * measure what each is worth. `npm run bench` builds first.
 */
import { loadConfig, loadOrExit } from '../dist/config.js';
import { serve } from '../dist/serve.js';

const { policy, ...measuring } = JSON.parse(process.argv[2] ?? '{}');
const config = loadOrExit(loadConfig);
await serve(config, { ...measuring, policy: { ...config.gateway.policy, ...policy } });
