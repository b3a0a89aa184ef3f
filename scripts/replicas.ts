/**
 * `npm run replicas`: several gateway replicas sharing one Redis, in front of one local
 * Easemob emulator with one budget of 30 calls a second, to try scaling out on one
 * machine. REPLICAS (default 3) processes listen on ports from PORT (default 4001; 0: any free ones); Redis
 * is REDIS_URL, or a redis-server of its own (Debian's package: `npm run redis:install`).
 * Ctrl-C stops everything.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createEmulator } from '../src/emulator/server.js';
import { redisServerInstalled, startRedisServer } from './redis-server.js';

const replicas = Number(process.env.REPLICAS ?? 3);
const firstPort = Number(process.env.PORT ?? 4001);
const children: ChildProcess[] = [];

/** Starts a child whose output is shown line by line behind `label`; resolves with the first line `ready` matches. */
function start(label: string, command: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<RegExpExecArray> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    const show = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        console.log(`${label} ${line}`);
        const match = ready.exec(line);
        if (match) resolve(match);
      }
    };
    child.stdout!.on('data', show);
    child.stderr!.on('data', show);
    child.on('exit', (code) => reject(new Error(`${label} exited with ${code}`)));
  });
}

let emulator: ReturnType<typeof createEmulator> | undefined;

/** Stops every replica (each finishes what it is doing first), then the emulator; Redis goes with this process. */
async function stop(code: number) {
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  const exited = running.map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of running) child.kill('SIGTERM');
  // Replicas finish the operations in flight; the timer only guards against one that hangs.
  await Promise.race([Promise.all(exited), new Promise((resolve) => setTimeout(resolve, 30_000).unref())]);
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

  const started = await Promise.all(
    Array.from({ length: replicas }, (_, i) =>
      start(
        `[replica ${i + 1}]`,
        process.execPath,
        ['--import', 'tsx', 'src/main.ts'],
        {
          ...process.env,
          PORT: String(firstPort && firstPort + i),
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
        /gateway on (http:\S+)/,
      ),
    ),
  );
  console.log(`\n${replicas} replicas share one upstream budget, app token, caller budgets and cache through Redis:`);
  for (const [, url] of started) console.log(`  ${url}`);
  console.log('Put a load balancer in front of them (README: "Running several replicas"); Ctrl-C stops everything.');
}
