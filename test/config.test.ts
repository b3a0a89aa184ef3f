/** Configuration is parsed once and bad settings fail with every problem named. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { defaultPolicy } from '../src/easemob/policy.js';
import { defaultSecurity } from '../src/security.js';
import { defaultServerOptions } from '../src/server.js';

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
      graphiql: true,
      logLevel: 'info',
      jit: true,
      coalesce: true,
      // The embedded demo runs the example client's trusted documents.
      persisted: { documents: expect.any(Map), only: false, cacheMaxAge: 0 },
      shutdownGraceMs: defaultPolicy.operationTimeoutMs + 2_000,
      server: defaultServerOptions,
      policy: defaultPolicy,
      security: defaultSecurity,
      upstream: { kind: 'emulator', org: 'demo-org', app: 'demo-app', latencyMs: 0, apiKeys: [], allowAnonymous: true },
    });
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
      app: { baseUrl: 'https://a1.easemob.com', org: 'org', app: 'app' },
      auth: { mode: 'service', clientId: 'id', clientSecret: 's', apiKeys: ['a', 'b'], allowAnonymous: false },
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads the CORS request headers browsers may send, and refuses what is not a header name', () => {
    expect(loadConfig({ GATEWAY_CORS_ALLOW_HEADERS: 'X-App-Version, apollographql-client-name,' }).security.corsAllowHeaders).toEqual([
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
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({ graphiql: false, security: { introspection: false } });
    expect(loadConfig({ NODE_ENV: 'production', GATEWAY_GRAPHIQL: 'true' }).graphiql).toBe(true);
    expect(problems({ LOG_LEVEL: 'loud' })[0]).toMatch(/LOG_LEVEL/);
  });

  it('reads the upstream policy knobs, refusing nonsense', () => {
    const config = loadConfig({ EASEMOB_RATE_LIMIT: '20', EASEMOB_RATE_BURST: '5', EASEMOB_QUEUE_TIMEOUT_MS: '2500' });
    expect(config.policy).toMatchObject({ ratePerSecond: 20, burst: 5, queueTimeoutMs: 2500 });
    expect(problems({ EASEMOB_RATE_LIMIT: '0' })[0]).toMatch(/EASEMOB_RATE_LIMIT must be an integer >= 1/);
    expect(problems({ EASEMOB_RATE_LIMIT: '10', EASEMOB_RATE_BURST: '20' })[0]).toMatch(/BURST must not exceed/);
  });

  it('reads the shared state settings, never repeating the Redis URL (it may hold a password)', () => {
    expect(loadConfig({}).redis).toBeUndefined();
    expect(loadConfig({ REDIS_URL: 'redis://:pw@cache:6379/2', GATEWAY_REPLICAS: '3' })).toMatchObject({
      redis: { url: 'redis://:pw@cache:6379/2', prefix: 'easemob-gateway:' },
      policy: { replicas: 3 },
    });
    expect(loadConfig({ REDIS_URL: 'rediss://cache:6380', GATEWAY_REDIS_PREFIX: 'app1:' }).redis).toEqual({ url: 'rediss://cache:6380', prefix: 'app1:' });
    const list = problems({ REDIS_URL: 'http://:secret-pw@cache', GATEWAY_REPLICAS: '0' });
    expect(list).toEqual(['GATEWAY_REPLICAS must be an integer >= 1, got "0"', 'REDIS_URL must start with redis:// or rediss://']);
    expect(problems({ REDIS_URL: 'not a url :secret-pw' })).toEqual(['REDIS_URL is not a valid URL (redis://host:6379/0)']);
    expect(problems({ GATEWAY_REDIS_PREFIX: 'x:' })).toEqual(['GATEWAY_REDIS_PREFIX needs REDIS_URL']);
    expect(problems({ REDIS_URL: 'redis://cache', GATEWAY_REDIS_PREFIX: 'has space' })[0]).toMatch(/GATEWAY_REDIS_PREFIX must be/);
    expect(problems({ EASEMOB_RATE_LIMIT: '4', EASEMOB_RATE_BURST: '4', GATEWAY_REPLICAS: '5' })[0]).toMatch(/GATEWAY_REPLICAS must not exceed EASEMOB_RATE_LIMIT/);
  });

  it('reads the trusted documents manifest once, refusing what is not one', () => {
    const manifest = 'examples/gql/persisted-documents.json';
    const config = loadConfig({ ...remote, GATEWAY_PERSISTED_OPERATIONS: manifest, GATEWAY_PERSISTED_ONLY: 'true', GATEWAY_CACHE_MAX_AGE: '30' });
    expect(config.persisted).toMatchObject({ only: true, cacheMaxAge: 30 });
    expect(config.persisted!.documents.size).toBeGreaterThan(10);
    expect(loadConfig(remote).persisted).toBeUndefined(); // the examples are the embedded demo's only
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
