/** Configuration is parsed once and bad settings fail with every problem named. */
import { availableParallelism } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cacheTtlWithCallbacksMs, ConfigError, loadConfig, loadEmulatorConfig } from '../../src/config.js';
import { defaultPolicy } from '../../src/easemob/policy.js';
import { defaultLive } from '../../src/live/options.js';
import { defaultSecurity } from '../../src/security.js';
import { defaultServerOptions } from '../../src/server.js';

const remote = { EASEMOB_BASE_URL: 'https://a1.easemob.com', EASEMOB_ORG: 'org', EASEMOB_APP: 'app' };

const problems = (env: NodeJS.ProcessEnv) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('loadConfig', () => {
  it('defaults to the embedded emulator on loopback, open to anonymous callers', () => {
    expect(loadConfig({})).toEqual({
      port: 4000,
      host: '127.0.0.1',
      logLevel: 'info',
      shutdownGraceMs: defaultPolicy.operationTimeoutMs + 2_000,
      workers: 1,
      server: defaultServerOptions,
      gateway: {
        graphiql: true,
        // The embedded demo runs the example client's trusted documents.
        persisted: { documents: expect.any(Map), only: false, cacheMaxAge: 0 },
        // The embedded emulator sends callbacks: what is cached is forgotten when a room changes, and kept 10 s at most.
        policy: { ...defaultPolicy, cacheTtlMs: cacheTtlWithCallbacksMs },
        // An app served from this machine may call the demo (issue 23, 4).
        security: { ...defaultSecurity, corsLoopbackOrigins: true },
        live: defaultLive,
        // Off unless asked for.
        responseCache: { ttlMs: 0, maxBytes: 16 * 2 ** 20 },
      },
      upstream: {
        kind: 'emulator',
        emulator: { org: 'demo-org', app: 'demo-app', latencyMs: 0, rooms: 30, rateLimit: { status: 429 }, callbackActivityMs: 10_000 },
        apiKeys: [],
        allowAnonymous: true,
        jwt: undefined,
        demoKeyFile: 'node_modules/.cache/easemob-chatroom-gateway/demo-identity-key.json',
      },
    });
  });

  it('keeps the demo open to this machine only until origins are named, and its sign-in key only outside production, unguarded', () => {
    const named = loadConfig({ GATEWAY_CORS_ORIGINS: 'https://app.example.com' }).gateway.security;
    expect([named.corsOrigins, named.corsLoopbackOrigins]).toEqual([['https://app.example.com'], false]);
    const production = loadConfig({ NODE_ENV: 'production' }).upstream;
    expect(production.kind === 'emulator' && production.demoKeyFile).toBeUndefined();
    // Guarded by API keys, the demo hands out no token, and takes none an earlier, open run printed.
    const guarded = loadConfig({ GATEWAY_API_KEYS: 'k' }).upstream;
    expect(guarded.kind === 'emulator' && guarded.demoKeyFile).toBeUndefined();
    // A real upstream is no demo: nothing of this.
    const remote = loadConfig({ EASEMOB_BASE_URL: 'https://a1.easemob.com', EASEMOB_ORG: 'o', EASEMOB_APP: 'a' });
    expect(remote.gateway.security.corsLoopbackOrigins).toBe(false);
  });

  it('reads the callbacks and the subscriptions, and caches by default only when callbacks keep the cache true', () => {
    const live = loadConfig({ ...remote, EASEMOB_CLIENT_ID: 'id', EASEMOB_CLIENT_SECRET: 's', GATEWAY_API_KEYS: 'k' });
    expect(live.gateway.live).toEqual(defaultLive);
    expect(live.gateway.policy.cacheTtlMs).toBe(0);
    const on = loadConfig({
      ...remote,
      EASEMOB_CLIENT_ID: 'id',
      EASEMOB_CLIENT_SECRET: 's',
      GATEWAY_API_KEYS: 'k',
      EASEMOB_CALLBACK_SECRETS: 'first-secret, second-secret',
      GATEWAY_MAX_SUBSCRIPTIONS_PER_CALLER: '5',
    });
    expect(on.gateway.live).toMatchObject({ callbackSecrets: ['first-secret', 'second-secret'], maxSubscriptionsPerCaller: 5 });
    expect(on.gateway.policy.cacheTtlMs).toBe(cacheTtlWithCallbacksMs);
    expect(loadConfig({ EASEMOB_CACHE_TTL_MS: '0' }).gateway.policy.cacheTtlMs).toBe(0);
    expect(problems({ EASEMOB_CALLBACK_SECRETS: 'short' })[0]).toMatch(/8-256 printable characters/);
    expect(problems({ EASEMOB_CALLBACK_WINDOW_MS: '10' })[0]).toMatch(/EASEMOB_CALLBACK_WINDOW_MS must be an integer >= 30000/);
  });

  it('requires keys or an explicit opt-in for the emulator off loopback', () => {
    expect(problems({ HOST: '0.0.0.0' })[0]).toMatch(/GATEWAY_API_KEYS or GATEWAY_ALLOW_ANONYMOUS/);
    expect(loadConfig({ HOST: '0.0.0.0', GATEWAY_API_KEYS: 'k' }).upstream).toMatchObject({ allowAnonymous: false });
  });

  it('builds service mode from client credentials and keys', () => {
    const config = loadConfig({ ...remote, EASEMOB_CLIENT_ID: 'id', EASEMOB_CLIENT_SECRET: 's', GATEWAY_API_KEYS: 'a, b,' });
    expect(config.host).toBe('0.0.0.0');
    expect(config.upstream).toEqual({
      kind: 'easemob',
      easemob: { baseUrl: 'https://a1.easemob.com', org: 'org', app: 'app' },
      auth: { mode: 'service', clientId: 'id', clientSecret: 's', apiKeys: ['a', 'b'], allowAnonymous: false },
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads the CORS request headers browsers may send, and refuses what is not a header name', () => {
    expect(loadConfig({ GATEWAY_CORS_ALLOW_HEADERS: 'X-App-Version, apollographql-client-name,' }).gateway.security.corsAllowHeaders).toEqual([
      'x-app-version',
      'apollographql-client-name',
    ]);
    expect(defaultSecurity.corsAllowHeaders).toEqual(expect.arrayContaining(['apollographql-client-name', 'apollographql-client-version']));
    expect(problems({ GATEWAY_CORS_ALLOW_HEADERS: 'x-ok, bad header' })).toEqual(['GATEWAY_CORS_ALLOW_HEADERS: "bad header" is not a header name']);
  });

  it('refuses service mode with neither keys nor anonymous access', () => {
    expect(problems({ ...remote, EASEMOB_CLIENT_ID: 'id', EASEMOB_CLIENT_SECRET: 's' })[0]).toMatch(/service mode needs GATEWAY_API_KEYS/);
  });

  it('uses passthrough without credentials, where API keys make no sense', () => {
    expect(loadConfig(remote).upstream).toMatchObject({ auth: { mode: 'passthrough' } });
    expect(problems({ ...remote, GATEWAY_API_KEYS: 'k' })[0]).toMatch(/passthrough/);
  });

  it('turns GraphiQL and introspection off in production unless asked', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).gateway).toMatchObject({ graphiql: false, security: { introspection: false } });
    expect(loadConfig({ NODE_ENV: 'production', GATEWAY_GRAPHIQL: 'true' }).gateway.graphiql).toBe(true);
    expect(problems({ LOG_LEVEL: 'loud' })[0]).toMatch(/LOG_LEVEL/);
  });

  it('reads the upstream policy knobs, refusing nonsense', () => {
    const config = loadConfig({ EASEMOB_RATE_LIMIT: '20', EASEMOB_RATE_BURST: '5', EASEMOB_QUEUE_TIMEOUT_MS: '2500' });
    expect(config.gateway.policy).toMatchObject({ ratePerSecond: 20, burst: 5, queueTimeoutMs: 2500 });
    expect(problems({ EASEMOB_RATE_LIMIT: '0' })[0]).toMatch(/EASEMOB_RATE_LIMIT must be an integer >= 1/);
    expect(problems({ EASEMOB_RATE_LIMIT: '10', EASEMOB_RATE_BURST: '20' })[0]).toMatch(/BURST must not exceed/);
  });

  it('reads the shared state settings, never repeating the Redis URL (it may hold a password)', () => {
    expect(loadConfig({}).gateway.redis).toBeUndefined();
    expect(loadConfig({ REDIS_URL: 'redis://:pw@cache:6379/2', GATEWAY_REPLICAS: '3' }).gateway).toMatchObject({
      redis: { url: 'redis://:pw@cache:6379/2', prefix: 'easemob-gateway:' },
      policy: { replicas: 3 },
    });
    expect(loadConfig({ REDIS_URL: 'rediss://cache:6380', GATEWAY_REDIS_PREFIX: 'app1:' }).gateway.redis).toEqual({ url: 'rediss://cache:6380', prefix: 'app1:' });
    const list = problems({ REDIS_URL: 'http://:secret-pw@cache', GATEWAY_REPLICAS: '0' });
    expect(list).toEqual(['GATEWAY_REPLICAS must be an integer >= 1, got "0"', 'REDIS_URL must start with redis:// or rediss://']);
    expect(problems({ REDIS_URL: 'not a url :secret-pw' })).toEqual(['REDIS_URL is not a valid URL (redis://host:6379/0)']);
    expect(problems({ GATEWAY_REDIS_PREFIX: 'x:' })).toEqual(['GATEWAY_REDIS_PREFIX needs REDIS_URL']);
    expect(problems({ REDIS_URL: 'redis://cache', GATEWAY_REDIS_PREFIX: 'has space' })[0]).toMatch(/GATEWAY_REDIS_PREFIX must be/);
    expect(problems({ EASEMOB_RATE_LIMIT: '4', EASEMOB_RATE_BURST: '4', GATEWAY_REPLICAS: '5' })[0]).toMatch(/GATEWAY_REPLICAS × GATEWAY_WORKERS must not exceed EASEMOB_RATE_LIMIT/);
  });

  it('reads the workers: one by default; more only with Redis and a real Easemob, each counted in the share it takes alone', () => {
    expect(loadConfig({}).workers).toBe(1);
    const upstream = { EASEMOB_BASE_URL: 'https://a1.easemob.com', EASEMOB_ORG: 'o', EASEMOB_APP: 'a', EASEMOB_CLIENT_ID: 'i', EASEMOB_CLIENT_SECRET: 's', GATEWAY_API_KEYS: 'k' };
    const config = loadConfig({ ...upstream, REDIS_URL: 'redis://cache', GATEWAY_WORKERS: '4', GATEWAY_REPLICAS: '2' });
    expect([config.workers, config.gateway.policy.replicas]).toEqual([4, 8]);
    expect(problems({ ...upstream, GATEWAY_WORKERS: '2' })).toEqual([
      "GATEWAY_WORKERS above 1 needs REDIS_URL: the workers share the upstream pace, the app token and the callers' budgets through it",
    ]);
    expect(problems({ REDIS_URL: 'redis://cache', GATEWAY_WORKERS: '2' })).toEqual([
      "GATEWAY_WORKERS above 1 needs EASEMOB_BASE_URL: the embedded emulator is one process's",
    ]);
    // auto (npm run serve): a worker per core when they can share, else one, and why.
    const cores = availableParallelism();
    expect(loadConfig({ ...upstream, REDIS_URL: 'redis://cache', GATEWAY_WORKERS: 'auto' })).toMatchObject({ workers: cores, oneWorkerWhy: undefined });
    expect(loadConfig({ ...upstream, GATEWAY_WORKERS: 'auto' })).toMatchObject({ workers: 1, oneWorkerWhy: expect.stringMatching(/REDIS_URL/) });
    expect(loadConfig({ REDIS_URL: 'redis://cache', GATEWAY_WORKERS: 'auto' }).workers).toBe(1);
    expect(problems({ ...upstream, REDIS_URL: 'redis://cache', GATEWAY_WORKERS: '16', EASEMOB_RATE_LIMIT: '10', EASEMOB_RATE_BURST: '5' })[0]).toMatch(/GATEWAY_REPLICAS × GATEWAY_WORKERS must not exceed/);
  });

  it('reads the response cache settings: off by default, in Redis with replicas', () => {
    expect(loadConfig({}).gateway.responseCache).toEqual({ ttlMs: 0, maxBytes: 16 * 2 ** 20 });
    expect(loadConfig({ GATEWAY_RESPONSE_CACHE_TTL_MS: '2000', GATEWAY_RESPONSE_CACHE_MAX_BYTES: '4096' }).gateway.responseCache).toEqual({
      ttlMs: 2000,
      maxBytes: 4096,
    });
    expect(problems({ GATEWAY_RESPONSE_CACHE_TTL_MS: '2000', REDIS_URL: 'redis://cache' })).toEqual([]);
  });

  it('reads the trusted documents manifest once, refusing what is not one', () => {
    const manifest = 'examples/gql/persisted-documents.json';
    const config = loadConfig({ ...remote, GATEWAY_PERSISTED_OPERATIONS: manifest, GATEWAY_PERSISTED_ONLY: 'true', GATEWAY_CACHE_MAX_AGE: '30' });
    expect(config.gateway.persisted).toMatchObject({ only: true, cacheMaxAge: 30 });
    expect(config.gateway.persisted!.documents.size).toBeGreaterThan(10);
    expect(loadConfig(remote).gateway.persisted).toBeUndefined(); // the examples are the embedded demo's only
    expect(problems({ GATEWAY_PERSISTED_OPERATIONS: 'missing.json' })[0]).toMatch(/cannot read a JSON manifest at missing.json/);
    expect(problems({ GATEWAY_PERSISTED_OPERATIONS: 'package.json' })[0]).toMatch(/must be a JSON object of document id → document text/);
    expect(problems({ ...remote, GATEWAY_PERSISTED_ONLY: 'true' })[0]).toMatch(/GATEWAY_PERSISTED_ONLY needs GATEWAY_PERSISTED_OPERATIONS/);
    expect(problems({ GATEWAY_CACHE_MAX_AGE: '-1' })[0]).toMatch(/GATEWAY_CACHE_MAX_AGE must be an integer >= 0/);
  });

  it('lists every problem at once, naming no secret', () => {
    const list = problems({
      PORT: 'eighty',
      EASEMOB_BASE_URL: 'ftp://x',
      EASEMOB_CLIENT_SECRET: 'hunter2',
      GATEWAY_ALLOW_ANONYMOUS: 'maybe',
    });
    expect(list).toHaveLength(6);
    expect(list.join('\n')).not.toContain('hunter2');
  });
});

describe('loadEmulatorConfig', () => {
  it('reads the emulator alone from EMULATOR_* only, refusing nonsense', () => {
    expect(loadEmulatorConfig({})).toEqual({
      port: 5000,
      host: '127.0.0.1',
      emulator: { org: 'demo-org', app: 'demo-app', latencyMs: 0, rooms: 30, rateLimit: { status: 429 }, callbackActivityMs: 10_000 },
    });
    const config = loadEmulatorConfig({
      EMULATOR_PORT: '0',
      EMULATOR_ORG: 'o',
      EMULATOR_CLIENT_ID: 'id',
      EMULATOR_CLIENT_SECRET: 's',
      EMULATOR_RATE_LIMIT: '30',
      EMULATOR_RATE_LIMIT_STATUS: '503',
      EMULATOR_ROOMS: '200',
    });
    expect(config).toMatchObject({ port: 0, emulator: { org: 'o', clientId: 'id', clientSecret: 's', rooms: 200, rateLimit: { perSecond: 30, status: 503 } } });
    expect(loadEmulatorConfig({ EMULATOR_RATE_LIMIT: '0' }).emulator.rateLimit).toBe(false);
    // The gateway's names mean the gateway's settings: the emulator refuses them, naming its own.
    expect(() => loadEmulatorConfig({ EASEMOB_CLIENT_ID: 'id' })).toThrow(/EASEMOB_CLIENT_ID is the gateway's: .*EMULATOR_CLIENT_ID/);
    // …and a variable the gateway retired is none of its business.
    expect(loadEmulatorConfig({ GATEWAY_JIT: 'false' }).port).toBe(5000);
    expect(() => loadEmulatorConfig({ EMULATOR_LATENCY_MS: '-1', EMULATOR_RATE_LIMIT_STATUS: '500', EMULATOR_PORT: 'x' })).toThrow(ConfigError);
  });

  it('is the embedded emulator of npm start too, by the same names', () => {
    expect(loadConfig({ EMULATOR_LATENCY_MS: '1500', EMULATOR_APP: 'mine' }).upstream).toMatchObject({
      kind: 'emulator',
      emulator: { latencyMs: 1500, app: 'mine' },
    });
    expect(problems({ EASEMOB_ORG: 'x' })).toEqual([
      "EASEMOB_ORG needs EASEMOB_BASE_URL (the embedded emulator's app is set by EMULATOR_ORG and EMULATOR_APP)",
    ]);
    expect(problems({ EMULATOR_CLIENT_SECRET: 's' })[0]).toMatch(/^EMULATOR_CLIENT_SECRET is for npm run emulator/);
  });

  it('refuses a renamed or retired variable, naming what to set instead', () => {
    expect(problems({ EASEMOB_EMULATOR_LATENCY_MS: '5' })).toEqual(['EASEMOB_EMULATOR_LATENCY_MS is gone: set EMULATOR_LATENCY_MS']);
    for (const name of ['EASEMOB_BATCH_DETAILS', 'EASEMOB_SHARE_READS', 'GATEWAY_JIT', 'GATEWAY_COALESCE']) {
      expect(problems({ [name]: 'false' })[0]).toMatch(new RegExp(`^${name} is gone: set nothing`));
    }
  });
});

describe('the environment', () => {
  /** Our TypeScript files below `dir`: not a peer's installed packages (bench/peers/apollo/node_modules, once the bench ran). */
  const sources = (dir: URL): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(new URL(`${entry.name}/`, dir));
      return entry.name.endsWith('.ts') ? [new URL(entry.name, dir).pathname] : [];
    });

  /** The variables the README's tables name: the first cell of each row. */
  const documented = () =>
    new Set(
      readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('| `'))
        .flatMap((line) => [...line.split('|')[1]!.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]!)),
    );

  it('has one reader in src/: src/config.ts', () => {
    const readers = sources(new URL('../../src/', import.meta.url)).filter((file) => readFileSync(file, 'utf8').includes('process.env'));
    expect(readers.map((file) => file.replace(/.*\/src\//, 'src/'))).toEqual(['src/config.ts']);
  });

  it('has every variable the code reads in a table of the README', () => {
    // Every name the reader asks for, whatever the environment holds: the names it reads
    // under every branch are caught by recording the reads of a few environments…
    const read = new Set<string>();
    const recording = (env: Record<string, string>) =>
      new Proxy(env, {
        get: (target, name) => {
          if (typeof name === 'string') read.add(name);
          return target[name as string];
        },
      });
    const jwt = { GATEWAY_JWT_SECRET: 'x'.repeat(32), GATEWAY_JWT_ISSUER: 'i', GATEWAY_JWT_AUDIENCE: 'a' };
    const service = { EASEMOB_BASE_URL: 'https://a1.easemob.com', EASEMOB_ORG: 'o', EASEMOB_APP: 'a', EASEMOB_CLIENT_ID: 'i', EASEMOB_CLIENT_SECRET: 's' };
    const envs: Record<string, string>[] = [{}, jwt, service, { ...service, ...jwt }, { REDIS_URL: 'redis://r' }, { GATEWAY_CORS_ALLOW_HEADERS: 'x' }];
    for (const env of envs) {
      try {
        loadConfig(recording(env));
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
      }
    }
    loadEmulatorConfig(recording({}));
    // …and by the names written in the reader's source, read in no branch above or not.
    const source = readFileSync(new URL('../../src/config.ts', import.meta.url), 'utf8');
    for (const [, name] of source.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)'/g)) read.add(name!);
    const retired = ['EASEMOB_EMULATOR_LATENCY_MS', 'EASEMOB_BATCH_DETAILS', 'EASEMOB_SHARE_READS', 'GATEWAY_JIT', 'GATEWAY_COALESCE'];
    const undocumented = [...read].filter((name) => !documented().has(name) && !retired.includes(name));
    expect(undocumented).toEqual([]);
    expect(read.size).toBeGreaterThan(60);
  });

  it('has every variable the tests, benchmarks and scripts read in a table of the README', () => {
    const root = new URL('../../', import.meta.url);
    const read = new Set(
      ['test/', 'bench/', 'scripts/'].flatMap((dir) =>
        sources(new URL(dir, root)).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!)),
      ),
    );
    // The shell's own, handed on to child processes.
    for (const name of ['PATH', 'HOME']) read.delete(name);
    expect([...read].filter((name) => !documented().has(name))).toEqual([]);
    expect(read.size).toBeGreaterThan(10);
  });
});
