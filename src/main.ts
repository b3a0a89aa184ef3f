/**
 * `npm start`: read the configuration (src/config.ts, the only reader of the environment)
 * and serve it (src/serve.ts). A bad configuration is named, problem by problem, and exits 1.
 */
import { loadConfig, loadOrExit } from './config.js';
import { serve } from './serve.js';

await serve(loadOrExit(loadConfig));
