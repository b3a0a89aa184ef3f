/**
 * The real entry point, src/main.ts, as its own process: started with an environment built
 * from scratch (nothing of this machine's EASEMOB_*, EMULATOR_* or REDIS_URL leaks in), its
 * output kept, its URL read from the line it prints when it listens.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll } from 'vitest';

const root = new URL('..', import.meta.url);

/** `node --import tsx src/main.ts`, as `npm start` runs it; `nodeFlags` go before (a heap cap). */
export const entryPoint = (nodeFlags: string[] = []) => [process.execPath, ...nodeFlags, '--import', 'tsx', 'src/main.ts'];

export interface Running {
  proc: ChildProcess;
  /** What it printed on stdout so far: its start line, tokens, JSON logs. */
  output(): string;
  /** What it printed on stderr so far. */
  errors(): string;
  /** Resolves with its GraphQL URL once it listens; throws with its output if it exits or is slow to. */
  url(ms?: number): Promise<string>;
  /** Kills it, if still running, and waits for it to exit. */
  stop(): Promise<void>;
}

/** Waits, in steps of 50 ms, until `predicate` holds; throws `what()` after `ms`. */
export async function waitFor(predicate: () => boolean, what: () => string = () => 'condition', ms = 20_000) {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const running = new Set<ChildProcess>();
/** A test process that ends leaves no entry point behind. */
process.once('exit', () => {
  for (const proc of running) proc.kill('SIGKILL');
});

export function startEntryPoint(env: Record<string, string>, command = entryPoint()): Running {
  const proc = spawn(command[0]!, command.slice(1), {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(proc);
  proc.once('exit', () => running.delete(proc));
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (err += d));
  return {
    proc,
    output: () => out,
    errors: () => err,
    async url(ms = 20_000) {
      await waitFor(
        () => /gateway on http/.test(out) || proc.exitCode !== null,
        () => out + err,
        ms,
      );
      const match = /(http:\/\/\S+\/graphql)/.exec(out);
      if (!match) throw new Error(`the gateway did not start: ${out}${err}`);
      return match[1]!.replace('//localhost:', '//127.0.0.1:');
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGKILL');
      await once(proc, 'exit');
    },
  };
}

/**
 * One entry point for the tests of a block, started before the first and stopped after the
 * last. The tests share it in their order: a test that stops it, or cuts its output, goes last.
 */
export function useEntryPoint(env: () => Record<string, string>, command?: string[]) {
  const one = {} as { run: Running; url: string };
  beforeAll(async () => {
    one.run = startEntryPoint(env(), command);
    one.url = await one.run.url();
  });
  afterAll(() => one.run?.stop());
  return one;
}
