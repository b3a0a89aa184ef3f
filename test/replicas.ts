/**
 * Several gateway processes (the real entry point, src/main.ts) sharing one Redis, in
 * front of one emulator that runs in the test process, so that every upstream call of the
 * fleet is counted in one place.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Emulator } from '../src/emulator/server.js';
import { startEntryPoint } from './entry-point.js';

export interface Replica {
  url: string;
  proc: ChildProcess;
  /** Everything the process printed: its start line and JSON logs. */
  output(): string;
}

export async function startReplica(emulator: Emulator, env: Record<string, string>): Promise<Replica> {
  const run = startEntryPoint({
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
  });
  return { url: await run.url(), proc: run.proc, output: () => run.output() + run.errors() };
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
