/**
 * `npm start`: read the configuration (src/config.ts, the only reader of the environment)
 * and serve it (src/serve.ts). A bad configuration is named, problem by problem, and exits 1.
 * With GATEWAY_WORKERS above 1, this process forks the workers that serve (src/workers.ts).
 */
import cluster from 'node:cluster';
import { loadConfig, loadOrExit } from './config.js';
import { serve } from './serve.js';
import { runWorkers } from './workers.js';

const config = loadOrExit(loadConfig);
if (config.workers > 1 && cluster.isPrimary) runWorkers(config.workers);
else await serve(config);
