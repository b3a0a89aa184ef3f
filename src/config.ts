/**
 * The only reader of process.env: the gateway's (`loadConfig`, for `npm start`) and the
 * standalone emulator's (`loadEmulatorConfig`, for `npm run emulator`). Parses and
 * validates once at start and fails fast with every problem listed. What it returns is the
 * option set of src/options.ts, passed through as it is.
 */
import type { ResponseCacheOptions } from './response-cache.js';
import { createPublicKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defaultPolicy, type UpstreamPolicy } from './easemob/policy.js';
import { isLoopback } from './http.js';
import { algorithmOf, type JwtConfig } from './jwt.js';
import type { AuthConfig, CallerAuth, EasemobApp, EmulatorSettings, GatewayOptions, PersistedOperations, RedisOptions } from './options.js';
import { defaultSecurity, type SecurityOptions } from './security.js';
import { defaultLive, type LiveOptions } from './live/options.js';
import { defaultServerOptions, type ServerOptions } from './server.js';

/** What the environment sets of the gateway's options; the upstream's part comes apart (the emulator's is made at start). */
export interface GatewaySettings extends Pick<GatewayOptions, 'persisted' | 'redis'> {
  responseCache: ResponseCacheOptions;
  policy: UpstreamPolicy;
  security: SecurityOptions;
  live: LiveOptions;
  graphiql: boolean;
}

export interface Config {
  port: number;
  host: string;
  /** pino level (LOG_LEVEL, default info). */
  logLevel: string;
  /** How long in-flight operations may take to finish after SIGTERM/SIGINT; longer than an operation's deadline. */
  shutdownGraceMs: number;
  /** Processes serving on the one port (GATEWAY_WORKERS, default 1): node:cluster workers, sharing through Redis. */
  workers: number;
  /** GATEWAY_WORKERS=auto found no Redis (or no real Easemob) to share through: why it serves with one, said at start. */
  oneWorkerWhy?: string;
  server: ServerOptions;
  /** Passed to createGateway as they are, with the upstream's part. */
  gateway: GatewaySettings;
  upstream:
    | { kind: 'easemob'; easemob: EasemobApp; auth: AuthConfig }
    /** No EASEMOB_BASE_URL: start the embedded emulator; its credentials are made at start. */
    | ({ kind: 'emulator'; emulator: EmulatorSettings; demoKeyFile?: string } & CallerAuth);
}

/** `npm run emulator`: where it listens, and the app it plays. */
export interface EmulatorConfig {
  port: number;
  host: string;
  emulator: EmulatorSettings;
}

/** Names that once meant something here, and what to set now: a renamed knob is refused, never silently ignored. */
const alwaysOn = (what: string) =>
  `is gone: set nothing: ${what} is always on (the bench turns it off to measure it, through the gateway's options)`;
const retired: Record<string, string> = {
  EASEMOB_EMULATOR_LATENCY_MS: 'is gone: set EMULATOR_LATENCY_MS',
  EASEMOB_BATCH_DETAILS: alwaysOn('batching'),
  EASEMOB_SHARE_READS: alwaysOn('sharing reads'),
  GATEWAY_JIT: alwaysOn('graphql-jit'),
  GATEWAY_COALESCE: alwaysOn('coalescing'),
};

/** Environment variables for the upstream policy, with their lowest allowed value. */
const policyVariables: [string, keyof UpstreamPolicy, number][] = [
  ['EASEMOB_RATE_LIMIT', 'ratePerSecond', 1],
  ['EASEMOB_RATE_BURST', 'burst', 1],
  ['EASEMOB_RATE_WINDOW_MARGIN_MS', 'windowMarginMs', 0],
  ['EASEMOB_QUEUE_TIMEOUT_MS', 'queueTimeoutMs', 1],
  ['EASEMOB_QUEUE_MAX', 'maxQueue', 1],
  ['EASEMOB_QUEUE_MAX_BYTES', 'maxQueueBytes', 1024],
  ['EASEMOB_MAX_RESPONSE_BYTES', 'maxResponseBytes', 1024],
  ['EASEMOB_OPERATION_TIMEOUT_MS', 'operationTimeoutMs', 1],
  ['EASEMOB_MAX_RETRIES', 'maxRetries', 0],
  ['EASEMOB_CONNECTIONS', 'connections', 1],
  ['EASEMOB_CONNECT_TIMEOUT_MS', 'connectTimeoutMs', 1],
  ['EASEMOB_REQUEST_TIMEOUT_MS', 'requestTimeoutMs', 1],
  ['EASEMOB_BREAKER_THRESHOLD', 'breakerThreshold', 1],
  ['EASEMOB_BREAKER_COOLDOWN_MS', 'breakerCooldownMs', 1],
  ['EASEMOB_CACHE_TTL_MS', 'cacheTtlMs', 0],
  ['GATEWAY_REPLICAS', 'replicas', 1],
];

/** Environment variables for the HTTP server's limits, with their lowest allowed value. */
const serverVariables: [string, keyof ServerOptions, number][] = [
  ['GATEWAY_MAX_CONNECTIONS_PER_IP', 'maxConnectionsPerIp', 1],
  ['GATEWAY_REQUEST_TIMEOUT_MS', 'requestTimeoutMs', 100],
];

/** Environment variables for live updates, with their lowest allowed value (the callbacks' secrets are a list, apart). */
const liveVariables: [string, keyof LiveOptions, number][] = [
  ['EASEMOB_CALLBACK_WINDOW_MS', 'callbackWindowMs', 30_000],
  ['EASEMOB_CALLBACK_MAX_BODY_BYTES', 'callbackMaxBodyBytes', 1024],
  ['EASEMOB_CALLBACK_PER_IP_PER_SECOND', 'callbackPerIpPerSecond', 1],
  ['GATEWAY_MAX_SUBSCRIPTIONS_PER_CALLER', 'maxSubscriptionsPerCaller', 1],
  ['GATEWAY_MAX_SUBSCRIPTIONS', 'maxSubscriptions', 1],
  ['GATEWAY_SUBSCRIBER_QUEUE', 'subscriberQueue', 1],
  ['GATEWAY_KEEP_ALIVE_MS', 'keepAliveMs', 100],
];

/** With callbacks on, what the gateway caches is forgotten when Easemob says the room changed: kept this long at most, should a callback be lost. */
export const cacheTtlWithCallbacksMs = 10_000;

/** Environment variables for the security limits, with their lowest allowed value. */
const securityVariables: [string, keyof SecurityOptions, number][] = [
  ['GATEWAY_MAX_UPSTREAM_CALLS', 'maxUpstreamCalls', 1],
  ['GATEWAY_CALLER_BUDGET', 'callerBudget', 1],
  ['GATEWAY_CALLER_WINDOW_SECONDS', 'callerWindowSeconds', 1],
  ['GATEWAY_IP_REQUESTS_PER_SECOND', 'ipRequestsPerSecond', 1],
  ['GATEWAY_MAX_DEPTH', 'maxDepth', 1],
  ['GATEWAY_MAX_ALIASES', 'maxAliases', 1],
  ['GATEWAY_MAX_TOKENS', 'maxTokens', 1],
  ['GATEWAY_MAX_DIRECTIVES', 'maxDirectives', 1],
  ['GATEWAY_MAX_SELECTIONS', 'maxSelections', 1],
  ['GATEWAY_MAX_BODY_BYTES', 'maxBodyBytes', 256],
  ['GATEWAY_MAX_BYTES_IN_FLIGHT', 'maxBytesInFlight', 1024],
  ['GATEWAY_MAX_ANSWER_VALUES', 'maxAnswerValues', 1],
  ['GATEWAY_MAX_ERRORS', 'maxErrors', 1],
];

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** What `load` reads; a bad configuration is printed, problem by problem, and the process exits 1. */
export function loadOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

function parseUrl(name: string, text: string, problems: string[]): URL | undefined {
  try {
    return new URL(text);
  } catch {
    problems.push(`${name} is not a valid URL`);
    return undefined;
  }
}

/** JWT sign-in from GATEWAY_JWT_*: one key source, issuer and audience; undefined when none is set. */
function jwtConfig(value: (name: string) => string | undefined, problems: string[]): JwtConfig | undefined {
  const jwksUrl = value('GATEWAY_JWT_JWKS_URL');
  // A PEM in one line of an env file carries its line breaks as \n.
  const pem = value('GATEWAY_JWT_PUBLIC_KEY')?.replaceAll('\\n', '\n');
  const secret = value('GATEWAY_JWT_SECRET');
  const sources = [jwksUrl, pem, secret].filter(Boolean).length;
  if (sources === 0) {
    for (const name of ['GATEWAY_JWT_ISSUER', 'GATEWAY_JWT_AUDIENCE', 'GATEWAY_JWT_USERNAME_CLAIM', 'GATEWAY_JWT_ADMIN_SCOPE']) {
      if (value(name)) problems.push(`${name} needs one of GATEWAY_JWT_JWKS_URL, GATEWAY_JWT_PUBLIC_KEY, GATEWAY_JWT_SECRET`);
    }
    return undefined;
  }
  if (sources > 1) problems.push('set only one of GATEWAY_JWT_JWKS_URL, GATEWAY_JWT_PUBLIC_KEY, GATEWAY_JWT_SECRET');
  const issuer = value('GATEWAY_JWT_ISSUER');
  const audience = value('GATEWAY_JWT_AUDIENCE');
  if (!issuer) problems.push('GATEWAY_JWT_ISSUER is required with JWT sign-in');
  if (!audience) problems.push('GATEWAY_JWT_AUDIENCE is required with JWT sign-in');
  let keys: JwtConfig['keys'] | undefined;
  if (jwksUrl) {
    const url = parseUrl('GATEWAY_JWT_JWKS_URL', jwksUrl, problems);
    if (url && url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
      problems.push('GATEWAY_JWT_JWKS_URL must be https (http only on loopback)');
    }
    keys = { kind: 'jwks', url: jwksUrl };
  } else if (pem) {
    try {
      if (!algorithmOf(createPublicKey(pem))) problems.push('GATEWAY_JWT_PUBLIC_KEY must be an RSA, P-256 or Ed25519 public key');
    } catch {
      problems.push('GATEWAY_JWT_PUBLIC_KEY is not a PEM public key');
    }
    keys = { kind: 'publicKey', pem };
  } else if (secret) {
    if (Buffer.byteLength(secret, 'utf8') < 32) problems.push('GATEWAY_JWT_SECRET must be at least 32 bytes');
    keys = { kind: 'secret', secret };
  }
  if (!keys || !issuer || !audience) return undefined;
  return {
    keys,
    issuer,
    audience,
    usernameClaim: value('GATEWAY_JWT_USERNAME_CLAIM') ?? 'sub',
    adminScope: value('GATEWAY_JWT_ADMIN_SCOPE') ?? 'chatroom:admin',
  };
}

/** REDIS_URL and GATEWAY_REDIS_PREFIX; undefined without REDIS_URL. Problems never repeat the URL: it may hold a password. */
function redisConfig(value: (name: string) => string | undefined, problems: string[]): RedisOptions | undefined {
  const url = value('REDIS_URL');
  const prefix = value('GATEWAY_REDIS_PREFIX') ?? 'easemob-gateway:';
  if (!url) {
    if (value('GATEWAY_REDIS_PREFIX')) problems.push('GATEWAY_REDIS_PREFIX needs REDIS_URL');
    return undefined;
  }
  let protocol: string | undefined;
  try {
    protocol = new URL(url).protocol;
  } catch {
    problems.push('REDIS_URL is not a valid URL (redis://host:6379/0)');
    return undefined;
  }
  if (protocol !== 'redis:' && protocol !== 'rediss:') problems.push('REDIS_URL must start with redis:// or rediss://');
  if (!/^[\w.:{}-]{1,64}$/.test(prefix)) problems.push('GATEWAY_REDIS_PREFIX must be 1-64 letters, digits or ._:-{}');
  return { url, prefix };
}

/** The trusted documents' manifest, read once here: a JSON object of id → document text. */
function persistedConfig(
  value: (name: string) => string | undefined,
  flag: (name: string) => boolean | undefined,
  problems: string[],
  defaultPath: string | undefined,
): PersistedOperations | undefined {
  const path = value('GATEWAY_PERSISTED_OPERATIONS') ?? defaultPath;
  const only = flag('GATEWAY_PERSISTED_ONLY') ?? false;
  const maxAgeText = value('GATEWAY_CACHE_MAX_AGE') ?? '0';
  const cacheMaxAge = Number(maxAgeText);
  if (!Number.isInteger(cacheMaxAge) || cacheMaxAge < 0) problems.push(`GATEWAY_CACHE_MAX_AGE must be an integer >= 0, got "${maxAgeText}"`);
  if (!path) {
    if (only) problems.push('GATEWAY_PERSISTED_ONLY needs GATEWAY_PERSISTED_OPERATIONS (the manifest of allowed documents)');
    return undefined;
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    problems.push(`GATEWAY_PERSISTED_OPERATIONS: cannot read a JSON manifest at ${path} (${(error as Error).message.split('\n')[0]})`);
    return undefined;
  }
  const entries = typeof manifest === 'object' && manifest !== null && !Array.isArray(manifest) ? Object.entries(manifest) : [];
  if (!entries.length || entries.some(([, text]) => typeof text !== 'string')) {
    problems.push(`GATEWAY_PERSISTED_OPERATIONS: ${path} must be a JSON object of document id → document text (persisted-documents.json)`);
    return undefined;
  }
  return { documents: new Map(entries as [string, string][]), only, cacheMaxAge };
}

const ORG_APP = /^[a-zA-Z0-9_-]{1,64}$/;

/** Reads variables of `env`, noting every problem in `problems`. */
function reader(env: NodeJS.ProcessEnv, problems: string[]) {
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const flag = (name: string): boolean | undefined => {
    const v = value(name);
    if (v === undefined) return undefined;
    if (/^(true|1|yes)$/i.test(v)) return true;
    if (/^(false|0|no)$/i.test(v)) return false;
    problems.push(`${name} must be true or false, got "${v}"`);
    return undefined;
  };
  /** Sets `target`'s numbers from integer variables, each with its lowest allowed value. */
  const integers = <T extends object>(target: T, variables: [string, keyof T, number][]) => {
    for (const [name, key, min] of variables) {
      const text = value(name);
      if (text === undefined) continue;
      const n = Number(text);
      if (Number.isInteger(n) && n >= min) (target[key] as number) = n;
      else problems.push(`${name} must be an integer >= ${min}, got "${text}"`);
    }
    return target;
  };
  const port = (name: string, fallback: number) => {
    const text = value(name) ?? String(fallback);
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0 || n > 65535) problems.push(`${name} must be 0-65535, got "${text}"`);
    return n;
  };
  const list = (name: string) =>
    (value(name) ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  /** Names that mean something elsewhere, or once did: refused with what to set, never silently ignored. */
  const refuse = (names: Record<string, string>) => {
    for (const [name, instead] of Object.entries(names)) if (value(name) !== undefined) problems.push(`${name} ${instead}`);
  };
  return { value, flag, integers, port, list, refuse };
}

type Reader = ReturnType<typeof reader>;

/** The emulator's app and behaviour (EMULATOR_*), the same whether it is embedded or runs alone. */
function emulatorSettings({ value, integers }: Reader, problems: string[]): EmulatorSettings {
  const org = value('EMULATOR_ORG') ?? 'demo-org';
  const app = value('EMULATOR_APP') ?? 'demo-app';
  for (const [name, v] of [['EMULATOR_ORG', org], ['EMULATOR_APP', app]] as const) {
    if (!ORG_APP.test(v)) problems.push(`${name} must be letters, digits, "-" or "_"`);
  }
  const numbers = integers({ latencyMs: 0, rooms: 30, perSecond: -1, callbackActivityMs: 10_000 }, [
    ['EMULATOR_LATENCY_MS', 'latencyMs', 0],
    ['EMULATOR_ROOMS', 'rooms', 0],
    ['EMULATOR_RATE_LIMIT', 'perSecond', 0],
    ['EMULATOR_SDK_ACTIVITY_MS', 'callbackActivityMs', 0],
  ]);
  const statusText = value('EMULATOR_RATE_LIMIT_STATUS') ?? '429';
  if (statusText !== '429' && statusText !== '503') problems.push(`EMULATOR_RATE_LIMIT_STATUS must be 429 or 503, got "${statusText}"`);
  const status = statusText === '503' ? 503 : 429;
  // Unset: the documented per-endpoint limits; a number: one budget of that many calls a second; 0: none.
  const rateLimit: EmulatorSettings['rateLimit'] =
    numbers.perSecond === 0 ? false : { perSecond: numbers.perSecond < 0 ? undefined : numbers.perSecond, status };
  const { latencyMs, rooms, callbackActivityMs } = numbers;
  return { org, app, latencyMs, rooms, rateLimit, callbackActivityMs };
}

/** `npm run emulator`'s configuration: EMULATOR_PORT (5000), EMULATOR_HOST (loopback), its app and credentials. */
export function loadEmulatorConfig(env: NodeJS.ProcessEnv = process.env): Readonly<EmulatorConfig> {
  const problems: string[] = [];
  const read = reader(env, problems);
  // The gateway's names: the emulator alone once read them for its own app and credentials.
  read.refuse({
    EASEMOB_ORG: 'is the gateway\'s: the emulator\'s app is EMULATOR_ORG',
    EASEMOB_APP: 'is the gateway\'s: the emulator\'s app is EMULATOR_APP',
    EASEMOB_CLIENT_ID: 'is the gateway\'s: the credentials the emulator accepts are EMULATOR_CLIENT_ID',
    EASEMOB_CLIENT_SECRET: 'is the gateway\'s: the credentials the emulator accepts are EMULATOR_CLIENT_SECRET',
  });
  const port = read.port('EMULATOR_PORT', 5000);
  const host = read.value('EMULATOR_HOST') ?? '127.0.0.1';
  const callbackUrl = read.value('EMULATOR_CALLBACK_URL');
  const callbackSecret = read.value('EMULATOR_CALLBACK_SECRET');
  if (Boolean(callbackUrl) !== Boolean(callbackSecret)) problems.push('EMULATOR_CALLBACK_URL and EMULATOR_CALLBACK_SECRET go together');
  if (callbackUrl) {
    const url = parseUrl('EMULATOR_CALLBACK_URL', callbackUrl, problems);
    if (url && url.protocol !== 'http:' && url.protocol !== 'https:') problems.push('EMULATOR_CALLBACK_URL must be http(s)');
  }
  const emulator = {
    ...emulatorSettings(read, problems),
    clientId: read.value('EMULATOR_CLIENT_ID'),
    clientSecret: read.value('EMULATOR_CLIENT_SECRET'),
    callbacks: callbackUrl && callbackSecret ? { url: callbackUrl, secret: callbackSecret } : undefined,
  };
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze({ port, host, emulator });
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const problems: string[] = [];
  const read = reader(env, problems);
  const { value, flag, integers, list } = read;
  read.refuse(retired);
  const port = read.port('PORT', 4000);

  const policy = integers<UpstreamPolicy>({ ...defaultPolicy }, policyVariables);
  const security = integers<SecurityOptions>({ ...defaultSecurity }, securityVariables);
  if (security.maxUpstreamCalls > security.callerBudget) {
    problems.push('GATEWAY_CALLER_BUDGET must be at least GATEWAY_MAX_UPSTREAM_CALLS, or the costliest allowed operation could never run');
  }
  security.corsOrigins = list('GATEWAY_CORS_ORIGINS');
  for (const origin of security.corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) problems.push(`GATEWAY_CORS_ORIGINS: "${origin}" is not an origin like https://app.example.com`);
  }
  if (value('GATEWAY_CORS_ALLOW_HEADERS') !== undefined) {
    security.corsAllowHeaders = list('GATEWAY_CORS_ALLOW_HEADERS').map((h) => h.toLowerCase());
    for (const header of security.corsAllowHeaders) {
      if (!/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(header)) problems.push(`GATEWAY_CORS_ALLOW_HEADERS: "${header}" is not a header name`);
    }
  }
  // Introspection and GraphiQL are on by default, off by default in production.
  const production = value('NODE_ENV') === 'production';
  security.introspection = flag('GATEWAY_INTROSPECTION') ?? !production;
  const graphiql = flag('GATEWAY_GRAPHIQL') ?? !production;
  const logLevel = value('LOG_LEVEL') ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "${logLevel}"`);
  }
  const server = integers<ServerOptions>({ ...defaultServerOptions }, serverVariables);
  // Every operation's upstream work ends by its deadline, so a grace period a little longer
  // lets every operation in flight at SIGTERM answer before its connection is closed.
  const { shutdownGraceMs } = integers({ shutdownGraceMs: policy.operationTimeoutMs + 2_000 }, [
    ['GATEWAY_SHUTDOWN_GRACE_MS', 'shutdownGraceMs', 0],
  ]);
  if (shutdownGraceMs < policy.operationTimeoutMs + 1_000) {
    problems.push(
      'GATEWAY_SHUTDOWN_GRACE_MS must exceed EASEMOB_OPERATION_TIMEOUT_MS by at least 1000, so that operations in flight at shutdown can answer',
    );
  }
  if (policy.burst > policy.ratePerSecond) problems.push('EASEMOB_RATE_BURST must not exceed EASEMOB_RATE_LIMIT');
  const redis = redisConfig(value, problems);
  // auto (npm run serve): every core, when the workers can share what one process would hold alone.
  const auto = value('GATEWAY_WORKERS') === 'auto';
  const oneWorker = auto && !(redis && value('EASEMOB_BASE_URL'));
  const { workers } = auto
    ? { workers: oneWorker ? 1 : availableParallelism() }
    : integers({ workers: 1 }, [['GATEWAY_WORKERS', 'workers', 1]]);
  if (workers > 1 && !redis) {
    problems.push('GATEWAY_WORKERS above 1 needs REDIS_URL: the workers share the upstream pace, the app token and the callers\' budgets through it');
  }
  if (workers > 1 && !value('EASEMOB_BASE_URL')) problems.push('GATEWAY_WORKERS above 1 needs EASEMOB_BASE_URL: the embedded emulator is one process\'s');
  // Every worker of every replica counts towards the share each takes alone while Redis is away.
  policy.replicas *= workers;
  if (policy.replicas > policy.ratePerSecond) {
    problems.push('GATEWAY_REPLICAS × GATEWAY_WORKERS must not exceed EASEMOB_RATE_LIMIT: each process needs a call a second');
  }
  const responseCache = integers<ResponseCacheOptions>({ ttlMs: 0, maxBytes: 16 * 2 ** 20 }, [
    ['GATEWAY_RESPONSE_CACHE_TTL_MS', 'ttlMs', 0],
    ['GATEWAY_RESPONSE_CACHE_MAX_BYTES', 'maxBytes', 1024],
  ]);
  const baseUrl = value('EASEMOB_BASE_URL');
  const live = integers<LiveOptions>({ ...defaultLive }, liveVariables);
  live.callbackSecrets = list('EASEMOB_CALLBACK_SECRETS');
  for (const secret of live.callbackSecrets) {
    if (!/^[\x21-\x7e]{8,256}$/.test(secret)) problems.push('EASEMOB_CALLBACK_SECRETS: each secret is 8-256 printable characters, no spaces');
  }
  if (live.callbackSecrets.length > 16) problems.push('EASEMOB_CALLBACK_SECRETS: at most 16 secrets (Easemob has 4 rules)');
  // The embedded emulator always sends callbacks (with a secret made at start, src/serve.ts).
  const callbacksOn = live.callbackSecrets.length > 0 || !baseUrl;
  if (callbacksOn && value('EASEMOB_CACHE_TTL_MS') === undefined) policy.cacheTtlMs = cacheTtlWithCallbacksMs;
  // The embedded demo runs the example client's trusted documents out of the box.
  const examples = fileURLToPath(new URL('../examples/gql/persisted-documents.json', import.meta.url));
  const persisted = persistedConfig(value, flag, problems, baseUrl || !existsSync(examples) ? undefined : examples);

  const org = value('EASEMOB_ORG');
  const app = value('EASEMOB_APP');
  for (const [name, v] of [['EASEMOB_ORG', org], ['EASEMOB_APP', app]] as const) {
    if (v !== undefined && !ORG_APP.test(v)) problems.push(`${name} must be letters, digits, "-" or "_"`);
  }
  const clientId = value('EASEMOB_CLIENT_ID');
  const clientSecret = value('EASEMOB_CLIENT_SECRET');
  const apiKeys = list('GATEWAY_API_KEYS');
  const allowAnonymous = flag('GATEWAY_ALLOW_ANONYMOUS');
  const jwt = jwtConfig(value, problems);
  // The demo on the embedded emulator listens on loopback unless told otherwise.
  const host = value('HOST') ?? (baseUrl ? '0.0.0.0' : '127.0.0.1');

  let upstream: Config['upstream'] | undefined;
  if (baseUrl) {
    const url = parseUrl('EASEMOB_BASE_URL', baseUrl, problems);
    if (url && url.protocol !== 'https:' && url.protocol !== 'http:') problems.push('EASEMOB_BASE_URL must be http(s)');
    if (!org) problems.push('EASEMOB_ORG is required with EASEMOB_BASE_URL');
    if (!app) problems.push('EASEMOB_APP is required with EASEMOB_BASE_URL');

    let auth: AuthConfig | undefined;
    if (Boolean(clientId) !== Boolean(clientSecret)) {
      problems.push('EASEMOB_CLIENT_ID and EASEMOB_CLIENT_SECRET go together: set both (service mode) or neither (passthrough)');
    } else if (clientId && clientSecret) {
      if (!apiKeys.length && !allowAnonymous && !jwt) {
        problems.push(
          'service mode needs GATEWAY_API_KEYS (comma-separated keys callers send as "Authorization: Bearer <key>"), ' +
            'JWT sign-in (GATEWAY_JWT_*) or GATEWAY_ALLOW_ANONYMOUS=true; otherwise anyone could use the app token',
        );
      }
      auth = { mode: 'service', clientId, clientSecret, apiKeys, allowAnonymous: allowAnonymous ?? false, jwt };
    } else {
      if (apiKeys.length) {
        problems.push('GATEWAY_API_KEYS needs service mode: in passthrough mode the Authorization header is the Easemob token');
      }
      if (jwt) problems.push('JWT sign-in (GATEWAY_JWT_*) needs service mode: the gateway calls Easemob with its own app token');
      auth = { mode: 'passthrough' };
    }
    if (url && org && app && auth) upstream = { kind: 'easemob', easemob: { baseUrl, org, app }, auth };
  } else {
    // EASEMOB_* name the real service; the embedded emulator's app is EMULATOR_ORG and EMULATOR_APP.
    for (const name of ['EASEMOB_ORG', 'EASEMOB_APP', 'EASEMOB_CLIENT_ID', 'EASEMOB_CLIENT_SECRET']) {
      if (value(name)) problems.push(`${name} needs EASEMOB_BASE_URL (the embedded emulator's app is set by EMULATOR_ORG and EMULATOR_APP)`);
    }
    // The embedded emulator listens on loopback, on any free port, and makes its own credentials.
    for (const name of ['EMULATOR_PORT', 'EMULATOR_HOST', 'EMULATOR_CLIENT_ID', 'EMULATOR_CLIENT_SECRET', 'EMULATOR_CALLBACK_URL', 'EMULATOR_CALLBACK_SECRET']) {
      if (value(name)) problems.push(`${name} is for npm run emulator: the embedded emulator listens on loopback and makes its own credentials`);
    }
    // The demo is open on loopback; anywhere else it needs keys or an explicit opt-in.
    const anonymous = allowAnonymous ?? (!apiKeys.length && isLoopback(host));
    if (!apiKeys.length && !anonymous) {
      problems.push(`the embedded emulator on HOST=${host} (not loopback) needs GATEWAY_API_KEYS or GATEWAY_ALLOW_ANONYMOUS=true`);
    }
    upstream = {
      kind: 'emulator',
      emulator: emulatorSettings(read, problems),
      apiKeys,
      allowAnonymous: anonymous,
      jwt,
      // The demo sign-in's key outlives a restart (a saved token still signs in), never in production, and
      // only while the demo hands its tokens out: a demo that API keys guard must take no token printed before.
      demoKeyFile: production || apiKeys.length ? undefined : 'node_modules/.cache/easemob-chatroom-gateway/demo-identity-key.json',
    };
    // An app on this machine (a Vite dev server on its own port) may call the demo, unless origins are named.
    if (!security.corsOrigins.length) security.corsLoopbackOrigins = true;
  }

  if (problems.length || !upstream) throw new ConfigError(problems);
  return Object.freeze({
    port,
    host,
    logLevel,
    shutdownGraceMs,
    workers,
    oneWorkerWhy: oneWorker ? 'one worker (GATEWAY_WORKERS=auto): every core needs REDIS_URL and EASEMOB_BASE_URL, for the workers to share one pace, one token and one budget per caller' : undefined,
    server: Object.freeze(server),
    gateway: Object.freeze({
      policy: Object.freeze(policy),
      security: Object.freeze(security),
      live: Object.freeze(live),
      responseCache: Object.freeze(responseCache),
      graphiql,
      persisted,
      redis,
    }),
    upstream,
  });
}
