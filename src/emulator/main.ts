/** `npm run emulator`: the local Easemob on its own, for people who want one; configured by EMULATOR_* (src/config.ts). */
import { loadEmulatorConfig, loadOrExit } from '../config.js';
import { createEmulator } from './server.js';

const config = loadOrExit(loadEmulatorConfig);
const emulator = createEmulator(config.emulator);
const url = await emulator.listen(config.port, config.host);
// The emulator's credentials are printed on purpose: they unlock only this local, demo-only server.
console.log(`Easemob emulator at ${url}/${emulator.org}/${emulator.app}`);
console.log(`EASEMOB_BASE_URL=${url} EASEMOB_ORG=${emulator.org} EASEMOB_APP=${emulator.app}`);
console.log(`EASEMOB_CLIENT_ID=${emulator.clientId} EASEMOB_CLIENT_SECRET=${emulator.clientSecret}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void emulator.close().then(() => process.exit(0)));
}
