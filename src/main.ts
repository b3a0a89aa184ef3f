/**
 * `npm start`: read the configuration (src/config.ts, the only reader of the environment)
 * and serve it (src/serve.ts). A bad configuration is named, problem by problem, and exits 1.
 */
import { ConfigError, loadConfig } from './config.js';
import { serve } from './serve.js';

try {
  await serve(loadConfig());
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
