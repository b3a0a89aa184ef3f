/**
 * What the production command (`node --max-old-space-size=128 dist/main.js`, as the README
 * says) survives, each trial in fresh processes:
 *  - large upstream answers: an emulator holds rooms of `members` members each, and the
 *    gateway is asked for the details of `at once` distinct batches of 100 rooms concurrently;
 *  - large answers (issue 20): 10 concurrent copies of each of the worst operations on a room
 *    of 10,000 members, and on a room whose broken upstream lists 100,000 admins;
 *  - a flood: thousands of concurrent createChatroom requests with 47 KB bodies, the
 *    per-address connection cap lifted as if they came from many addresses.
 * Prints whether the gateway answered or died, what it answered, and its peak RSS.
 *
 *   npm run bench:memory
 *   EASEMOB_MAX_RESPONSE_BYTES=67108864 GATEWAY_MAX_BYTES_IN_FLIGHT=1000000000 npm run bench:memory   # other limits
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createEmulator } from '../src/emulator/server.js';

const root = new URL('..', import.meta.url);

if (process.argv[2] === '--emulator') {
  // The child: an emulator with `rooms` rooms of `members` members each, the first listing `admins` admins.
  const [members, rooms, admins] = [Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5] ?? 0)];
  const emulator = createEmulator({ rateLimit: false, seed: false, clientId: 'bench-client', clientSecret: 'bench-secret' });
  const users = Array.from({ length: members }, (_, i) => `user_number_${i}`);
  for (const u of ['owner', ...users]) emulator.store.addUser(u);
  for (let i = 0; i < rooms; i++) emulator.store.create({ name: `r${i}`, description: '', maxusers: 10_000, owner: 'owner', members: users });
  // A broken upstream: far more admins than the 99 a room may have; and 8 KB of custom, the most a room may carry.
  if (admins) {
    const first = emulator.store.rooms.values().next().value!;
    first.admins = Array.from({ length: admins }, (_, i) => `admin_number_${i}`);
    first.custom = 'c'.repeat(8 * 1024);
  }
  console.log(`${await emulator.listen(0, '127.0.0.1')} ${[...emulator.store.rooms.keys()].join(',')}`);
} else {
  await main();
}

function startProcess(args: string[], env: Record<string, string>, ready: RegExp) {
  const child = spawn(process.execPath, args, { cwd: root, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr!.on('data', (d) => (out += d));
  return new Promise<{ child: ChildProcess; match: RegExpExecArray; output: () => string }>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const match = ready.exec(out);
      if (match) resolve({ child, match, output: () => out });
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${out.slice(-500)}`)));
  });
}

/** The emulator with `rooms` rooms of `members` members (the first with `admins` admins), and the production gateway in front of it. */
async function startPair(members: number, rooms: number, admins = 0) {
  const emulator = await startProcess(['--import', 'tsx', 'bench/memory.ts', '--emulator', String(members), String(rooms), String(admins)], {}, /^(http\S+) (\S*)\n/);
  const [, url, idList] = emulator.match as unknown as [string, string, string];
  const gateway = await startProcess(
    ['--max-old-space-size=128', 'dist/main.js'],
    {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      GATEWAY_ALLOW_ANONYMOUS: 'true',
      EASEMOB_BASE_URL: url,
      EASEMOB_ORG: 'demo-org',
      EASEMOB_APP: 'demo-app',
      EASEMOB_CLIENT_ID: 'bench-client',
      EASEMOB_CLIENT_SECRET: 'bench-secret',
      GATEWAY_CALLER_BUDGET: '1000000000',
      GATEWAY_IP_REQUESTS_PER_SECOND: '1000000000',
      // As if the load came from many addresses.
      GATEWAY_MAX_CONNECTIONS_PER_IP: '1000000',
      // Other limits to compare with, from this command's environment.
      ...Object.fromEntries(['EASEMOB_MAX_RESPONSE_BYTES', 'GATEWAY_MAX_BYTES_IN_FLIGHT'].flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : []))),
    },
    /on (http:\/\/\S+\/graphql)/,
  );
  return { emulator, gateway, ids: idList.split(','), url: gateway.match[1]!.replace('localhost', '127.0.0.1') };
}

/** Runs `load` against the pair; the outcome is the answers by code, or how the gateway died. */
async function measure(pair: Awaited<ReturnType<typeof startPair>>, load: () => Promise<string[]>) {
  const { emulator, gateway } = pair;
  const died = new Promise<string>((resolve) => gateway.child.once('exit', () => resolve('died')));
  let rss = 0;
  const sample = setInterval(() => {
    try {
      rss = Math.max(rss, Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${gateway.child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
    } catch {
      // gone
    }
  }, 20);
  let outcome = await Promise.race([load().then(summary), died]);
  // A process dying of its heap takes a moment to go after it stops answering.
  if (outcome.includes('no answer') || outcome === 'died') await Promise.race([died, new Promise((r) => setTimeout(r, 5_000))]);
  if (gateway.child.exitCode !== null || gateway.child.signalCode !== null) outcome = `died: ${/heap out of memory/.test(gateway.output()) ? 'heap out of memory' : `exit ${gateway.child.exitCode}`}`;
  clearInterval(sample);
  gateway.child.kill('SIGKILL');
  emulator.child.kill('SIGKILL');
  return { outcome, peakRssMb: Math.round(rss) };
}

/** `3 ok, 2 UPSTREAM_ERROR`: how many answers of each kind. */
function summary(codes: string[]): string {
  const counts = new Map<string, number>();
  for (const c of codes) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].map(([c, n]) => `${n} ${c}`).join(', ');
}

async function codeOf(res: Response): Promise<string> {
  const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
  return body.errors?.[0]?.extensions?.code ?? 'ok';
}

async function largeAnswers(members: number, atOnce: number) {
  const pair = await startPair(members, 100 * atOnce);
  const ask = (batch: string[]) =>
    fetch(pair.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query($ids: [ID!]!) { chatroomsByIds(ids: $ids) { affiliationsCount } }', variables: { ids: batch } }),
    }).then(codeOf, () => 'no answer');
  const result = await measure(pair, () => Promise.all(Array.from({ length: atOnce }, (_, k) => ask(pair.ids.slice(k * 100, k * 100 + 100)))));
  const bytes = 100 * (members * `{"member":"user_number_${members}"},`.length);
  return { members, atOnce, answerMb: Math.round(bytes / 1e5) / 10, ...result };
}

/** 10 concurrent copies of each worst operation on one room of 9,999 members (and its owner), whose upstream also lists 100,000 admins and an 8 KB custom. */
async function largeLists() {
  const pair = await startPair(9_999, 1, 100_000);
  const [id] = pair.ids;
  const room = '{ members { id username } affiliations { role user { id username } } }';
  const worst = {
    'members with their rooms (priced 10,001 calls)': `{ chatroom(id: "${id}") { members { username joinedChatrooms(first: 2) { nodes { id } } } } }`,
    'the room 500 times (chatroomsByIds)': `{ chatroomsByIds(ids: [${Array(500).fill(`"${id}"`).join(',')}]) ${room} }`,
    'the room under 15 aliases': `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: chatroom(id: "${id}") ${room}`).join(' ')} }`,
    '100,000 admins under 15 aliases': `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: chatroom(id: "${id}") { admins { id username } }`).join(' ')} }`,
    'an 8 KB custom 7,500 times (the room 500 times, 15 aliases)': `{ chatroomsByIds(ids: [${Array(500).fill(`"${id}"`).join(',')}]) { ${Array.from({ length: 15 }, (_, i) => `a${i}: custom`).join(' ')} } }`,
  };
  let largestKb = 0;
  const ask = (query: string) =>
    fetch(pair.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) }).then(async (res) => {
      const text = await res.text();
      largestKb = Math.max(largestKb, Math.round(text.length / 1024));
      return (JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code ?? 'ok';
    }, () => 'no answer');
  const load = () => Promise.all(Object.values(worst).flatMap((query) => Array.from({ length: 10 }, () => ask(query))));
  const result = await measure(pair, load);
  return { operations: Object.keys(worst).join('; '), ...result, largestKb };
}

async function flood(requests: number) {
  const pair = await startPair(0, 0);
  const members = Array.from({ length: 6_000 }, (_, i) => `u${i}`);
  const body = JSON.stringify({
    query: 'mutation($i: CreateChatroomInput!) { createChatroom(input: $i) { chatroom { id } } }',
    variables: { i: { name: 'n', description: '', owner: 'alice', maxUsers: 10_000, members } },
  });
  const send = () => fetch(pair.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(codeOf, () => 'no answer');
  return { requests, bodyKb: Math.round(body.length / 1024), ...(await measure(pair, () => Promise.all(Array.from({ length: requests }, send)))) };
}

async function main() {
  const answers = [];
  for (const [members, atOnce] of [
    [1_000, 1],
    [1_000, 8],
    [2_500, 1],
    [2_500, 8],
    [5_000, 1],
    [5_000, 8],
    [9_999, 1],
  ] as const) {
    answers.push(await largeAnswers(members, atOnce));
  }
  const lists = await largeLists();
  const floods = [await flood(1_500), await flood(3_000)];
  console.log('\n| members per room | batches of 100 rooms at once | answer MB each | outcome | peak RSS MB |\n|---|---|---|---|---|');
  for (const r of answers) console.log(`| ${r.members} | ${r.atOnce} | ${r.answerMb} | ${r.outcome} | ${r.peakRssMb} |`);
  console.log(`\n| 10 concurrent copies of each of | outcome (first error's code) | largest answer KB | peak RSS MB |\n|---|---|---|---|\n| ${lists.operations} | ${lists.outcome} | ${lists.largestKb} | ${lists.peakRssMb} |`);
  console.log('\n| concurrent createChatroom requests | body KB | outcome | peak RSS MB |\n|---|---|---|---|');
  for (const r of floods) console.log(`| ${r.requests} | ${r.bodyKb} | ${r.outcome} | ${r.peakRssMb} |`);
}
