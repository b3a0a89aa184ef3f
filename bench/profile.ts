/**
 * `npm run bench:profile -- <scenario> [seconds]`: the gateway (built, as production runs
 * it; BENCH_TARGET names another of the bench's gateway targets) under one scenario with `--cpu-prof`, then the functions that took the most CPU time
 * themselves (self time), as a table for BENCHMARKS.md. The upstream limit is off, so the
 * gateway's own CPU is what is measured. The profile stays in bench/results/profiles/ for
 * Chrome DevTools or speedscope.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { connectionsAt, drive } from './load.js';
import { startEmulator, startTarget, targets } from './processes.js';
import { scenarios } from './scenarios.js';

const [name = 'hotRoom', secondsText = '10'] = process.argv.slice(2);
const scenario = scenarios.find((s) => s.name === name);
if (!scenario) throw new Error(`no scenario ${name}: ${scenarios.map((s) => s.name).join(', ')}`);
if (!process.env.BENCH_PROFILE) throw new Error('run it as npm run bench:profile (it sets BENCH_PROFILE)');

const dir = new URL('./results/profiles/', import.meta.url);
rmSync(dir, { recursive: true, force: true });
const emulator = await startEmulator({ latencyMs: scenario.latencyMs ?? 20, limit: false });
const target = targets.find((t) => t.name === (process.env.BENCH_TARGET ?? 'gateway'));
if (!target) throw new Error(`no target ${process.env.BENCH_TARGET}: ${targets.map((t) => t.name).join(', ')}`);
const server = await startTarget(target, emulator, false);
await drive(server.url, scenario, 1, 1);
const load = await drive(server.url, scenario, connectionsAt(scenario.latencyMs ?? 20), Number(secondsText));
server.stop();
await once(server.child, 'exit');
emulator.stop();

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
const profile = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const byNode = new Map<number, number>();
profile.samples.forEach((id, i) => byNode.set(id, (byNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...byNode.values()].reduce((a, b) => a + b, 0);
const byFunction = new Map<string, number>();
for (const node of profile.nodes) {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(dist|src)\//, '$1/')}:${lineNumber + 1}` : '';
  const key = `${functionName || '(anonymous)'} ${where}`.trim();
  byFunction.set(key, (byFunction.get(key) ?? 0) + (byNode.get(node.id) ?? 0));
}
const idle = byFunction.get('(idle)') ?? 0;
console.log(
  `${name}: ${load.okPerSecond.toFixed(0)} ok ops/s; busy ${((100 * (total - idle)) / total).toFixed(0)}% of the run, ` +
    `${((total - idle) / 1000 / (load.ok || 1)).toFixed(3)} ms of CPU per ok operation (start-up included)`,
);
console.log('\n| self time | function |\n|---|---|');
for (const [key, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
  console.log(`| ${((100 * us) / total).toFixed(1)}% | \`${key}\` |`);
}
