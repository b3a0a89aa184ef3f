/**
 * The gateway's one option set: what `createGateway` takes (src/gateway.ts), what
 * `loadConfig` reads from the environment into it (src/config.ts) and what the test stack
 * overrides (test/stack.ts); and the emulator's settings, read by the same reader. A knob
 * has one name and one type, here.
 */
import type { ResponseCacheOptions } from './response-cache.js';
import type { Dispatcher } from 'undici';
import type { UpstreamPolicy } from './easemob/policy.js';
import type { JwtConfig } from './jwt.js';
import type { LiveOptions } from './live/options.js';
import type { Logger } from './logging.js';
import type { SecurityOptions } from './security.js';

export interface EasemobApp {
  baseUrl: string;
  org: string;
  app: string;
}

/** How the gateway authenticates to Easemob and how callers authenticate to it. */
export type AuthConfig =
  | ({
      /** The gateway holds client credentials and fetches the app token itself. */
      mode: 'service';
      clientId: string;
      clientSecret: string;
    } & CallerAuth)
  | {
      /** The caller's Authorization header is forwarded to Easemob verbatim. */
      mode: 'passthrough';
    };

/** Callers' side of service mode. */
export interface CallerAuth {
  /** Keys callers send as `Authorization: Bearer <key>`: trusted backends, with every right. */
  apiKeys: readonly string[];
  /** Callers without credentials: every right without JWT sign-in, read-only with it. */
  allowAnonymous: boolean;
  /** End users' sign-in tokens, verified against the app's identity provider. */
  jwt?: JwtConfig;
}

export interface PersistedOperations {
  /** Document text by id (hash), from GraphQL Code Generator's persisted-documents.json. */
  documents: ReadonlyMap<string, string>;
  /** Refuse every other document. */
  only: boolean;
  /** Seconds a public GET of a persisted query may be cached (Cache-Control); 0: no header. */
  cacheMaxAge: number;
}

/** Shared state for several replicas: budgets, app token, pacing window and read cache in Redis. */
export interface RedisOptions {
  url: string;
  /** Prefix of every key, so that several gateways can share one Redis. */
  prefix: string;
}

export interface GatewayOptions {
  easemob: EasemobApp;
  auth: AuthConfig;
  /** Pacing, timeouts, retries and circuit breaking; defaults suit a real Easemob app. */
  policy?: Partial<UpstreamPolicy>;
  /** Limits for untrusted callers; see the README's security section. */
  security?: Partial<SecurityOptions>;
  /**
   * The undici dispatcher for upstream calls; by default a keep-alive Agent owned by the
   * gateway. One of your own should set `maxResponseSize` (policy.maxResponseBytes).
   */
  dispatcher?: Dispatcher;
  /** Serve GraphiQL on GET /graphql from a browser (default true). */
  graphiql?: boolean;
  /** Where operation logs go; silent by default. */
  logger?: Logger;
  /** Execute with graphql-jit, queries compiled once per document (default true). */
  jit?: boolean;
  /** Run identical queries in flight once per caller scope (default true; off only to measure it). */
  coalesce?: boolean;
  /** Trusted documents: the manifest, whether only they run, and how long public reads of them may be cached. */
  persisted?: PersistedOperations;
  /** Ready sign-in tokens by username that GraphiQL offers to browsers on this machine: the embedded demo's only. */
  demoTokens?: Record<string, string>;
  /** Share the upstream budget, app token, caller budgets and read cache with other replicas through Redis. */
  redis?: RedisOptions;
  /** Easemob's callbacks and the subscriptions' limits (README "Live updates"). */
  live?: Partial<LiveOptions>;
  /** Whole answers kept for queries asked again (README "Response cache"); off unless `ttlMs` is set. */
  responseCache?: ResponseCacheOptions;
}

/** The local Easemob's settings (src/emulator/), embedded or alone; unset, its defaults. */
export interface EmulatorSettings {
  org?: string;
  app?: string;
  /** The credentials it accepts; unset: made at start. */
  clientId?: string;
  clientSecret?: string;
  /**
   * The service's rate limits, per app key: by default the documented ones (50 calls/s for
   * the room list, a user's rooms and create; 100/s for every other chatroom call; 300/s for
   * tokens), answered 429 `reach_limit`. `perSecond` puts every call in one budget instead;
   * `status: 503` answers as the seed doc says; `false` turns the limits off.
   */
  rateLimit?: { perSecond?: number; status?: 429 | 503 } | false;
  /** Delay added before every answer, in milliseconds. */
  latencyMs?: number;
  /** How many demo rooms (default 30). */
  rooms?: number;
  /** Where to send Easemob's chatroom callbacks (发送后回调), and the rule's secret that signs them; unset: none are sent. */
  callbacks?: CallbackTarget;
  /** With the demo data: every this many ms a demo user joins or leaves a demo room, as if from a client SDK; unset or 0: never. */
  callbackActivityMs?: number;
}

/** A post-send callback rule of the Easemob console: its URL and its secret. */
export interface CallbackTarget {
  url: string;
  secret: string;
}
