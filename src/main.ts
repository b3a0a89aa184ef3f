/**
 * `npm start`: read the config, start the embedded Easemob emulator when no upstream is
 * configured, build the gateway and listen. Never logs upstream URLs or secrets.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AuthConfig, ConfigError, type EasemobApp, loadConfig } from './config.js';
import { createEmulator, type Emulator } from './emulator/server.js';
import { createGateway } from './gateway.js';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

let emulator: Emulator | undefined;
let easemob: EasemobApp;
let auth: AuthConfig;
if (config.upstream.kind === 'emulator') {
  const { org, app, apiKeys, allowAnonymous } = config.upstream;
  emulator = createEmulator({ org, app });
  // The emulator only ever listens on loopback, whatever HOST the gateway uses.
  const baseUrl = await emulator.listen(0, '127.0.0.1');
  easemob = { baseUrl, org, app };
  auth = { mode: 'service', clientId: emulator.clientId, clientSecret: emulator.clientSecret, apiKeys, allowAnonymous };
} else {
  ({ app: easemob, auth } = config.upstream);
}

const gateway = createGateway({ easemob, auth, policy: config.policy, security: config.security });
const server = createServer(gateway.yoga);
server.listen(config.port, config.host, () => {
  const { port } = server.address() as AddressInfo;
  const shown = config.host === '0.0.0.0' || config.host === '::' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  const upstream = emulator ? 'the embedded Easemob emulator (demo data)' : 'Easemob';
  console.log(`GraphQL gateway on http://${shown}:${port}/graphql (${auth.mode} mode, upstream: ${upstream})`);
});

async function shutdown() {
  server.close();
  server.closeIdleConnections();
  await gateway.close();
  await emulator?.close();
  process.exit(0);
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
