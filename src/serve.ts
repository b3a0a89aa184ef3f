/**
 * Serves a configuration: starts the embedded Easemob emulator when no upstream is
 * configured, builds the gateway and listens; on SIGTERM/SIGINT stops accepting, lets
 * in-flight operations finish within the grace period, closes everything and exits 0
 * (1 if something still held the process two seconds past the grace period).
 * Never logs upstream URLs or secrets.
 */
import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import type { Config } from './config.js';
import { serveGraphqlWs } from './graphql-ws.js';
import { callbackPath } from './callback-intake.js';
import { createDemoIdentityProvider, type DemoIdentityProvider } from './demo-idp.js';
import { createEmulator, type Emulator } from './emulator/server.js';
import { createGateway } from './gateway.js';
import { createLogger } from './logging.js';
import type { AuthConfig, EasemobApp, GatewayOptions } from './options.js';
import { originAllowed } from './plugins/cors.js';
import { demoTokensPath } from './plugins/demo-tokens.js';
import { createGatewayServer } from './server.js';

/** `measuring`: options the environment never sets, for the bench's variants (graphql-jit off, no coalescing…). */
export async function serve(config: Readonly<Config>, measuring: Partial<GatewayOptions> = {}): Promise<void> {
  // With several workers (src/workers.ts), each line says which one wrote it.
  const logger = cluster.isWorker ? createLogger(config.logLevel).child({ worker: cluster.worker!.id }) : createLogger(config.logLevel);

  let emulator: Emulator | undefined;
  let easemob: EasemobApp;
  let auth: AuthConfig;
  /** The demo's sign-in tokens, when they may be handed out: never once API keys close the door. */
  let demoTokens: DemoIdentityProvider['tokens'] | undefined;
  let live = config.gateway.live;
  if (config.upstream.kind === 'emulator') {
    const { apiKeys, allowAnonymous } = config.upstream;
    emulator = createEmulator(config.upstream.emulator);
    // The emulator only ever listens on loopback, whatever HOST the gateway uses.
    const baseUrl = await emulator.listen(0, '127.0.0.1');
    easemob = { baseUrl, org: emulator.org, app: emulator.app };
    // Sign-in to try out: the demo identity provider, unless a real one is configured. It
    // verifies its tokens whatever else is set (so anonymous callers only read), but its
    // tokens, an admin's among them, are handed out only where API keys do not guard the demo.
    const demo = config.upstream.jwt ? undefined : await createDemoIdentityProvider(config.upstream.demoKeyFile);
    if (demo && !apiKeys.length) demoTokens = demo.tokens;
    const jwt = config.upstream.jwt ?? demo?.jwt;
    auth = { mode: 'service', clientId: emulator.clientId, clientSecret: emulator.clientSecret, apiKeys, allowAnonymous, jwt };
    // The emulator tells the gateway of every change as Easemob would, signed with a secret made now.
    if (!live.callbackSecrets.length) live = { ...live, callbackSecrets: [randomBytes(24).toString('base64url')] };
  } else {
    ({ easemob, auth } = config.upstream);
  }

  const gateway = createGateway({ ...config.gateway, live, ...measuring, easemob, auth, logger, demoTokens });
  await gateway.connected();
  const http = createGatewayServer(gateway.listener, config.server);
  const sockets = serveGraphqlWs(http.server, gateway.yoga, {
    path: '/graphql',
    maxPayloadBytes: config.gateway.security.maxBodyBytes,
    allowsOrigin: originAllowed(config.gateway.security),
    keepAliveMs: live.keepAliveMs,
  });
  const { port } = await http.listen(config.port, config.host);
  // Where the gateway listens, from this machine: any address of it (0.0.0.0, ::) is reached on loopback.
  const here = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
  emulator?.sendCallbacksTo({ url: `http://${here}:${port}${callbackPath}`, secret: live.callbackSecrets[0]! });
  const shown = config.host === '0.0.0.0' || config.host === '::' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  const upstream = emulator ? 'the embedded Easemob emulator (demo data)' : 'Easemob';
  // Plain text on stdout for people and scripts; the JSON logs follow.
  console.log(`GraphQL gateway on http://${shown}:${port}/graphql (${auth.mode} mode, upstream: ${upstream})`);
  if (config.oneWorkerWhy) console.log(config.oneWorkerWhy);
  if (demoTokens) {
    // Printed on purpose, like the emulator's credentials: they unlock only this local demo.
    console.log('Demo sign-in tokens (24 h; send "Authorization: Bearer <token>"; GraphiQL on this machine has them ready):');
    for (const [username, token] of Object.entries(demoTokens)) console.log(`  ${username.padEnd(6)} ${token}`);
    console.log(`  (also as JSON at http://${shown}:${port}${demoTokensPath}, for apps on this machine)`);
  }
  if (config.gateway.security.corsLoopbackOrigins) {
    console.log('Browser apps served from this machine (http://localhost:<any port>, http://127.0.0.1:<any port>) may call it; set GATEWAY_CORS_ORIGINS to name others instead.');
  }
  logger.info({ port, mode: auth.mode, emulator: Boolean(emulator) }, 'listening');

  let stopping = false;
  async function shutdown(signal: string) {
    if (stopping) return;
    stopping = true;
    const graceMs = config.shutdownGraceMs;
    logger.info({ signal, graceMs }, 'shutting down');
    // Whatever happens below, the process ends soon after the grace period: nothing left
    // (a stalled log reader, a hung upstream) may hold it up.
    setTimeout(() => process.exit(1), graceMs + 2_000).unref();
    // No new connection or request from now on; streams never end by themselves: they complete
    // now (and one only now ready to start is refused), so that their connections can close.
    const drained = http.drain(graceMs);
    await gateway.live.close();
    await sockets.close();
    if (await drained) logger.warn('grace period over; closed the remaining connections');
    await gateway.close();
    await emulator?.close();
    logger.info('stopped');
    process.exit(0);
  }
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}
