/**
 * The Redis connection that lets several replicas act as one gateway: one upstream
 * budget, one app token, caller budgets and the read cache (REDIS_URL). Redis trouble is
 * never an outage: every user of it passes a local fallback to `attempt`, which runs it
 * when Redis is not ready or a command fails. Going down is logged once per outage;
 * coming back runs the `onRestored` listeners before shared state is used again.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from './logging.js';

/** Longest a replica waits between attempts to reach Redis again. */
export const reconnectMaxMs = 2_000;

/** What a key holds in place of what it is about (a caller's scope, a credential, a username): its SHA-256. */
export const keyHash = (text: string): string => createHash('sha256').update(text).digest('base64url');

export interface SharedStateOptions {
  /** redis:// or rediss:// URL; it may hold a password, so it is never logged. */
  url: string;
  /** Put before every key, so that several apps can share one Redis. */
  prefix: string;
  /** Names the Easemob app (origin and path): replicas share state only with replicas of the same app. */
  app: string;
  logger: Logger;
  /** Longest a Redis command may take before the fallback runs. */
  commandTimeoutMs?: number;
  /** Told when shared state is lost (once per outage) and when it is back. */
  onChange?(up: boolean): void;
}

export interface SharedState {
  readonly redis: Redis;
  /** This replica's id, unique per process. */
  readonly replica: string;
  /** A key of this app's shared state: `<prefix><app hash>:<name>`. */
  key(name: string): string;
  /** True while Redis answers: state is shared. */
  readonly up: boolean;
  /** Runs `step` on Redis, or `fallback` when Redis is down or the step fails. */
  attempt<T>(step: (redis: Redis) => Promise<T>, fallback: () => T | Promise<T>): Promise<T>;
  /** Resolves once the first connection attempt has ended, either way: start serving after it. */
  readonly connected: Promise<void>;
  /** Runs when Redis is back after being down (and on first connect), before `up` is true. */
  onRestored(listener: () => Promise<unknown>): void;
  close(): Promise<void>;
}

export function createSharedState({ url, prefix, app, logger, commandTimeoutMs = 500, onChange }: SharedStateOptions): SharedState {
  const redis = new Redis(url, {
    // Fail at once rather than queue or resend: the caller has a local fallback.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(100 * times, reconnectMaxMs),
  });
  const namespace = `${prefix}${createHash('sha256').update(app).digest('hex').slice(0, 12)}:`;
  const restored: (() => Promise<unknown>)[] = [];
  let up = false;
  let everUp = false;
  let lost = false; // logged for the current outage

  let probe: NodeJS.Timeout | undefined;
  let settle!: () => void;
  const connected = new Promise<void>((resolve) => (settle = resolve));

  const down = (error: unknown) => {
    up = false;
    settle();
    // A command that failed on a live connection (a timeout, a busy Redis): try again in a second.
    if (redis.status === 'ready') probe ??= setTimeout(restore, 1_000);
    if (lost) return;
    lost = true;
    onChange?.(false);
    // The error's message only: ioredis's error objects may carry the connection options.
    const reason = error instanceof Error ? error.message : String(error);
    logger.warn({ reason }, 'shared state (Redis) unavailable: budgets, token and cache are local to this replica until it is back');
  };

  /** Runs the listeners first: a replica must not read shared state older than its own outage. */
  function restore() {
    probe = undefined;
    redis
      .ping()
      .then(() => Promise.all(restored.map((listener) => listener())))
      .then(() => {
        if (redis.status !== 'ready') return;
        up = true;
        if (everUp) logger.info('shared state (Redis) is back: budgets, token and cache are shared again');
        else logger.info('shared state (Redis) connected');
        everUp = true;
        lost = false;
        onChange?.(true);
        settle();
      })
      .catch(down);
  }

  redis.on('error', down);
  redis.on('close', () => everUp && down(new Error('connection closed')));
  redis.on('ready', restore);

  return {
    redis,
    replica: randomUUID(),
    key: (name) => namespace + name,
    connected,
    get up() {
      return up;
    },
    async attempt(step, fallback) {
      if (!up) return fallback();
      try {
        return await step(redis);
      } catch (error) {
        down(error);
        return fallback();
      }
    },
    onRestored(listener) {
      restored.push(listener);
    },
    async close() {
      up = false;
      clearTimeout(probe);
      redis.removeAllListeners('close');
      redis.disconnect();
    },
  };
}
