/** `npm start` as a newcomer runs it: the real entry point, on the embedded emulator. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url);
let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

function start(env: Record<string, string>) {
  // The environment is built from scratch so that no EASEMOB_* of the machine leaks in.
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  return { proc: child, output: () => out, errors: () => err };
}

async function waitFor(predicate: () => boolean, ms = 15_000) {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('npm start', () => {
  it('serves demo rooms on the embedded emulator and stops cleanly on SIGTERM', async () => {
    const run = start({ PORT: '0' });
    await waitFor(() => /graphql/.test(run.output()));
    const url = /(http:\/\/\S+\/graphql)/.exec(run.output())![1]!;
    expect(run.output()).not.toMatch(/127\.0\.0\.1:\d+\/demo/); // the upstream URL is not logged
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ chatrooms(first: 2) { nodes { name description } } }' }),
    });
    const body = (await res.json()) as { data: { chatrooms: { nodes: { name: string }[] } } };
    expect(body.data.chatrooms.nodes.map((n) => n.name)).toEqual(['General', 'Random']);
    const page = await fetch(url, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('GraphiQL');
    run.proc.kill('SIGTERM');
    const [code] = await once(run.proc, 'exit');
    expect(code).toBe(0);
  });

  it('finishes an operation in flight at SIGTERM, then refuses new connections and exits 0', async () => {
    // Each upstream call takes 1.5 s, so the operation is surely in flight at the signal.
    const run = start({ PORT: '0', EASEMOB_EMULATOR_LATENCY_MS: '1500', LOG_LEVEL: 'info' });
    await waitFor(() => /graphql/.test(run.output()));
    const url = /(http:\/\/\S+\/graphql)/.exec(run.output())![1]!;
    const inFlight = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ chatrooms(first: 1) { nodes { name } } }' }),
    });
    await waitFor(() => run.output().includes('"msg":"listening"'));
    await new Promise((r) => setTimeout(r, 400));
    run.proc.kill('SIGTERM');
    const exited = once(run.proc, 'exit');
    const res = await inFlight;
    expect(((await res.json()) as { data: unknown }).data).toEqual({ chatrooms: { nodes: [{ name: 'General' }] } });
    const [code] = await exited;
    expect(code).toBe(0);
    expect(run.output()).toContain('"msg":"shutting down"');
    expect(run.output()).toContain('"msg":"stopped"');
    await expect(fetch(url, { method: 'POST', body: '{}' })).rejects.toThrow();
  });

  it('refuses to start on bad config, saying why', async () => {
    const run = start({ EASEMOB_BASE_URL: 'https://a1.easemob.com', EASEMOB_CLIENT_ID: 'id', EASEMOB_CLIENT_SECRET: 'topsecret' });
    const [code] = await once(run.proc, 'exit');
    expect(code).toBe(1);
    expect(run.errors()).toMatch(/EASEMOB_ORG is required/);
    expect(run.errors()).toMatch(/service mode needs GATEWAY_API_KEYS/);
    expect(run.errors() + run.output()).not.toContain('topsecret');
  });
});
