/**
 * `npm run bench:coordination`: what one coordination round trip costs, for issue 25's
 * "every core", where workers must share one upstream pace, one token and the callers'
 * budgets. Either each worker asks the primary process (node:cluster's IPC channel, which
 * `fork` uses too) or each asks Redis (ioredis and a Lua script, as the replicas' shared pacer
 * does). Prints round trips a second and CPU microseconds per round trip, for the asking
 * process and for the one answering (the primary, or redis-server), with 64 asks in flight.
 * BENCH_SECONDS (3 per measure).
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { startRedisServer } from '../scripts/redis-server.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const inFlight = 64;

/** CPU seconds a process has used, from /proc (user + system, in ticks of 1/100 s). */
function cpuOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Runs `ask` with `inFlight` asks outstanding for `seconds`; the round trips made. */
async function drive(ask: () => Promise<unknown>): Promise<number> {
  const until = Date.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (Date.now() < until) {
        await ask();
        done++;
      }
    }),
  );
  return done;
}

function report(what: string, trips: number, askerCpu: number, answererCpu: number) {
  const micros = (cpu: number) => ((cpu * 1e6) / trips).toFixed(1);
  console.log(`| ${what} | ${Math.round(trips / seconds)} | ${micros(askerCpu)} | ${micros(answererCpu)} |`);
}

const role = process.argv[2];
if (role === 'worker') {
  // A worker: asks the primary for a turn and waits for the answer.
  let next = 0;
  const waiting = new Map<number, () => void>();
  process.on('message', (id: number) => waiting.get(id)?.());
  const ask = () =>
    new Promise<void>((resolve) => {
      const id = next++;
      waiting.set(id, () => {
        waiting.delete(id);
        resolve();
      });
      process.send!(id);
    });
  await drive(ask); // warm up
  process.send!('measuring');
  const before = process.cpuUsage();
  const trips = await drive(ask);
  const used = process.cpuUsage(before);
  process.send!({ trips, cpu: (used.user + used.system) / 1e6 });
  process.disconnect();
} else {
  console.log('| round trip | per second | asker CPU µs | answerer CPU µs |\n|---|---|---|---|');

  // The primary: answers each ask with a turn (a counter, as a pacer's decision would be).
  const worker = fork(new URL(import.meta.url).pathname, ['worker'], { execArgv: ['--import', 'tsx'] });
  let primaryBefore = process.cpuUsage();
  const result = await new Promise<{ trips: number; cpu: number }>((resolve) => {
    worker.on('message', (message: number | 'measuring' | { trips: number; cpu: number }) => {
      if (typeof message === 'number') worker.send(message);
      else if (message === 'measuring') primaryBefore = process.cpuUsage();
      else resolve(message);
    });
  });
  const primary = process.cpuUsage(primaryBefore);
  report('worker → primary (IPC)', result.trips, result.cpu, (primary.user + primary.system) / 1e6);

  // Redis: a local redis-server, the client asking a Lua script that counts a turn in a window.
  const server = await startRedisServer();
  const redis = new Redis(server.url);
  const serverPid = server.pid!;
  const script = "local n = redis.call('INCR', KEYS[1]); redis.call('PEXPIRE', KEYS[1], 1000); return n";
  const ask = () => redis.eval(script, 1, 'turns');
  await drive(ask);
  const [askerBefore, serverBefore] = [process.cpuUsage(), cpuOf(serverPid)];
  const trips = await drive(ask);
  const asker = process.cpuUsage(askerBefore);
  report('replica → Redis (Lua)', trips, (asker.user + asker.system) / 1e6, cpuOf(serverPid) - serverBefore);
  redis.disconnect();
  await server.stop();
}
