/**
 * `npm run replicas`: several gateway replicas sharing one Redis, in front of one local
 * Easemob emulator with one budget of 30 calls a second, to try scaling out on one
 * machine. REPLICAS (default 3) processes listen on ports from PORT (default 4001); Redis
 * is REDIS_URL, or a redis-server of its own (Debian's package: `npm run redis:install`).
 * Ctrl-C stops everything.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createEmulator } from '../src/emulator/server.js';
import { redisServerInstalled, startRedisServer } from './redis-server.js';

const replicas = Number(process.env.REPLICAS ?? 3);
const firstPort = Number(process.env.PORT ?? 4001);
const children: ChildProcess[] = [];

/** Starts a child whose output is shown line by line behind `label`; resolves when `ready` shows. */
function start(label: string, command: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<void> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    const show = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        console.log(`${label} ${line}`);
        if (ready.test(line)) resolve();
      }
    };
    child.stdout!.on('data', show);
    child.stderr!.on('data', show);
    child.on('exit', (code) => reject(new Error(`${label} exited with ${code}`)));
  });
}

let emulator: ReturnType<typeof createEmulator> | undefined;

/** Stops every child (the replicas finish what they are doing first) and the emulator. */
async function stop(code: number) {
  for (const child of children.reverse()) child.kill('SIGTERM');
  await emulator?.close();
  process.exit(code);
}
process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));

try {
  await startAll();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await stop(1);
}

async function startAll() {
  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    if (!redisServerInstalled()) {
      throw new Error('No REDIS_URL and no redis-server: run `npm run redis:install` (as root) or set REDIS_URL.');
    }
    redisUrl = (await startRedisServer()).url;
    console.log(`[redis] a redis-server of its own at ${redisUrl}`);
  }

  const upstream = createEmulator({ rateLimit: { perSecond: 30 } });
  emulator = upstream;
  await upstream.listen(0, '127.0.0.1');
  console.log(`Easemob emulator (30 calls/s in all) at ${upstream.url}`);

  await Promise.all(
    Array.from({ length: replicas }, (_, i) =>
      start(
        `[replica ${i + 1}]`,
        process.execPath,
        ['--import', 'tsx', 'src/main.ts'],
        {
          ...process.env,
          PORT: String(firstPort + i),
          HOST: '127.0.0.1',
          LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
          REDIS_URL: redisUrl,
          GATEWAY_REPLICAS: String(replicas),
          EASEMOB_BASE_URL: upstream.url,
          EASEMOB_ORG: upstream.org,
          EASEMOB_APP: upstream.app,
          EASEMOB_CLIENT_ID: upstream.clientId,
          EASEMOB_CLIENT_SECRET: upstream.clientSecret,
          // A local trial: open on loopback, like `npm start`.
          GATEWAY_ALLOW_ANONYMOUS: 'true',
        },
        /gateway on http/,
      ),
    ),
  );
  console.log(`\n${replicas} replicas share one upstream budget, app token, caller budgets and cache through Redis:`);
  for (let i = 0; i < replicas; i++) console.log(`  http://localhost:${firstPort + i}/graphql`);
  console.log('Put a load balancer in front of them (README: "Running several replicas"); Ctrl-C stops everything.');
}
