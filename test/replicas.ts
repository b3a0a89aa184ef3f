/**
 * Several gateway processes (the real entry point, src/main.ts) sharing one Redis, in
 * front of one emulator that runs in the test process, so that every upstream call of the
 * fleet is counted in one place.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Emulator } from '../src/emulator/server.js';

const root = new URL('..', import.meta.url);

export interface Replica {
  url: string;
  proc: ChildProcess;
  /** Everything the process printed: its start line and JSON logs. */
  output(): string;
}

async function waitFor(predicate: () => boolean, what: () => string, ms = 20_000) {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out: ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startReplica(emulator: Emulator, env: Record<string, string>): Promise<Replica> {
  // The environment is built from scratch so that no EASEMOB_* or REDIS_URL of the machine leaks in.
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      EASEMOB_BASE_URL: emulator.url,
      EASEMOB_ORG: emulator.org,
      EASEMOB_APP: emulator.app,
      EASEMOB_CLIENT_ID: emulator.clientId,
      EASEMOB_CLIENT_SECRET: emulator.clientSecret,
      GATEWAY_IP_REQUESTS_PER_SECOND: '100000',
      GATEWAY_MAX_CONNECTIONS_PER_IP: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  await waitFor(
    () => /gateway on http/.test(out) || proc.exitCode !== null,
    () => out,
  );
  const match = /(http:\/\/\S+\/graphql)/.exec(out);
  if (!match) throw new Error(`the replica did not start: ${out}`);
  return { url: match[1]!.replace('localhost', '127.0.0.1'), proc, output: () => out };
}

export async function stopReplicas(replicas: Replica[]) {
  await Promise.all(
    replicas.map(async ({ proc }) => {
      if (proc.exitCode !== null) return;
      proc.kill('SIGKILL');
      await once(proc, 'exit');
    }),
  );
}

/** Waits until a replica's /ready reports shared state as `up`. */
export async function waitForSharedState(replica: Replica, up: boolean, ms = 20_000) {
  const ready = replica.url.replace(/\/graphql$/, '/ready');
  const until = Date.now() + ms;
  for (;;) {
    const body = (await (await fetch(ready)).json()) as { checks: { sharedState?: boolean } };
    if (body.checks.sharedState === up) return;
    if (Date.now() > until) throw new Error(`sharedState stayed ${body.checks.sharedState}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const post = (url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
