/** `npm run emulator`: the local Easemob on its own, for people who want one. */
import { createEmulator } from './server.js';

const port = Number(process.env.EMULATOR_PORT ?? 5000);
const host = process.env.EMULATOR_HOST ?? '127.0.0.1';
// Unset: the documented per-endpoint limits; a number: one budget of that many calls a second; 0: none.
const perSecond = process.env.EMULATOR_RATE_LIMIT === undefined ? undefined : Number(process.env.EMULATOR_RATE_LIMIT);
const status = process.env.EMULATOR_RATE_LIMIT_STATUS === '503' ? 503 : 429;

const emulator = createEmulator({
  org: process.env.EASEMOB_ORG,
  app: process.env.EASEMOB_APP,
  clientId: process.env.EASEMOB_CLIENT_ID,
  clientSecret: process.env.EASEMOB_CLIENT_SECRET,
  latencyMs: Number(process.env.EMULATOR_LATENCY_MS ?? 0),
  rateLimit: perSecond === 0 ? false : { perSecond, status },
  rooms: Number(process.env.EMULATOR_ROOMS ?? 30),
});
const url = await emulator.listen(port, host);
// The emulator's credentials are printed on purpose: they unlock only this local, demo-only server.
console.log(`Easemob emulator at ${url}/${emulator.org}/${emulator.app}`);
console.log(`EASEMOB_BASE_URL=${url} EASEMOB_ORG=${emulator.org} EASEMOB_APP=${emulator.app}`);
console.log(`EASEMOB_CLIENT_ID=${emulator.clientId} EASEMOB_CLIENT_SECRET=${emulator.clientSecret}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void emulator.close().then(() => process.exit(0)));
}
