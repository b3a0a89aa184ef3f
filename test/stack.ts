/**
 * Starts the emulator and the gateway as real HTTP servers on ephemeral loopback ports,
 * and sends GraphQL over HTTP. Upstream calls are counted at the emulator.
 */
import { readFileSync } from 'node:fs';
import type { ExecutionResult } from 'graphql';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { JwtConfig } from '../src/jwt.js';
import type { AuthConfig, GatewayOptions, PersistedOperations } from '../src/options.js';
import { defaultSecurity, type SecurityOptions } from '../src/security.js';
import { originAllowed } from '../src/plugins/cors.js';
import { type CallRecord, createEmulator, type EmulatorOptions } from '../src/emulator/server.js';
import type { Store } from '../src/emulator/store.js';
import { createGateway } from '../src/gateway.js';
import { createGatewayServer, defaultServerOptions, type ServerOptions } from '../src/server.js';
import { serveGraphqlWs } from '../src/graphql-ws.js';
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';

/**
 * What a test may set: any of the gateway's own options (src/options.ts) but the upstream's,
 * which the stack makes from its emulator, and the stack's own below.
 */
export interface StackOptions extends Partial<Omit<GatewayOptions, 'easemob' | 'auth'>> {
  mode?: 'service' | 'passthrough';
  apiKeys?: string[];
  /** Default: true when no apiKeys are given. */
  allowAnonymous?: boolean;
  /** End-user sign-in (service mode). */
  jwt?: JwtConfig;
  /** The secret the gateway is configured with; default: the emulator's own. */
  clientSecret?: string;
  /** HTTP server limit overrides; default: no connection cap. */
  server?: Partial<ServerOptions>;
  /** Default: no rate limit, so that only tests about it meet it. */
  emulator?: EmulatorOptions;
  /**
   * With live.callbackSecrets: whether the emulator sends its callbacks to the gateway, signed
   * with the first secret (default true); false, for tests that post callbacks themselves.
   */
  emulatorCallbacks?: boolean;
}

/** A typed document (the tests' or the examples', test/gql and examples/gql), or query text. */
export type Document<R, V> = (DocumentTypeDecoration<R, V> & { toString(): string }) | string;

export async function startStack(options: StackOptions = {}) {
  const { mode, apiKeys: keys, allowAnonymous, jwt, clientSecret, server, emulator: emulatorOptions, emulatorCallbacks, ...gatewayOptions } = options;
  const emulator = createEmulator({ rateLimit: false, ...emulatorOptions });
  await emulator.listen(0, '127.0.0.1');
  const apiKeys = keys ?? [];
  const auth: AuthConfig =
    mode === 'passthrough'
      ? { mode: 'passthrough' }
      : {
          mode: 'service',
          clientId: emulator.clientId,
          clientSecret: clientSecret ?? emulator.clientSecret,
          apiKeys,
          allowAnonymous: allowAnonymous ?? apiKeys.length === 0,
          jwt,
        };
  const gateway = createGateway({ ...gatewayOptions, easemob: { baseUrl: emulator.url, org: emulator.org, app: emulator.app }, auth });
  await gateway.connected();
  // Tests play many clients from one address: only tests about the connection cap meet it.
  const http = createGatewayServer(gateway.listener, { ...defaultServerOptions, maxConnectionsPerIp: 100_000, ...server });
  const sockets = serveGraphqlWs(http.server, gateway.yoga, { path: '/graphql', maxPayloadBytes: 64 * 1024, allowsOrigin: originAllowed({ ...defaultSecurity, ...gatewayOptions.security }) });
  const origin = `http://127.0.0.1:${(await http.listen(0, '127.0.0.1')).port}`;
  const url = `${origin}/graphql`;
  const callbackSecret = gatewayOptions.live?.callbackSecrets?.[0];
  if (callbackSecret && emulatorCallbacks !== false) emulator.sendCallbacksTo({ url: `${origin}/easemob/callbacks`, secret: callbackSecret });

  async function gql<R, V>(
    document: Document<R, V>,
    variables?: V,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: ExecutionResult<R>; text: string }> {
    const res = await post(url, { query: String(document), variables }, headers);
    const text = await res.text();
    return { status: res.status, body: JSON.parse(text) as ExecutionResult<R>, text };
  }

  /** Runs `fn` and returns the upstream calls (token requests aside) it caused. */
  async function counting<T>(fn: () => Promise<T>) {
    const mark = emulator.calls.length;
    const result = await fn();
    return { result, calls: emulator.apiCalls(mark) };
  }

  return {
    url,
    emulator,
    gateway,
    http,
    gql,
    counting,
    /** The WebSocket URL of the GraphQL endpoint. */
    wsUrl: url.replace(/^http/, 'ws'),
    callbacksUrl: `${origin}/easemob/callbacks`,
    async close() {
      await gateway.live.close();
      await sockets.close();
      await http.drain(0);
      await gateway.close();
      await emulator.close();
    },
  };
}

export type Stack = Awaited<ReturnType<typeof startStack>>;

/**
 * Stacks for the tests of a file or `describe` block, closed when they are done: `shared`,
 * when options are given (or a function of them, called as the block begins), is one stack started before the block's tests and closed after
 * them all; `start(options)` starts one more for the running test, closed after it (with
 * `defaults` under its options, the policy, security and emulator options merged).
 */
export function useStack(shared?: StackOptions | (() => StackOptions), defaults: StackOptions = {}) {
  let one: Stack | undefined;
  const ownedByTest: Stack[] = [];
  if (shared) {
    beforeAll(async () => {
      one = await startStack(typeof shared === 'function' ? shared() : shared);
    });
    afterAll(() => one?.close());
  }
  afterEach(async () => {
    await Promise.all(ownedByTest.splice(0).map((s) => s.close()));
  });
  return {
    /** The block's shared stack. */
    get shared(): Stack {
      if (!one) throw new Error('useStack(): no shared stack (give it options) or it has not started');
      return one;
    },
    /** A stack for the running test only. */
    async start(options: StackOptions = {}): Promise<Stack> {
      const s = await startStack({
        ...defaults,
        ...options,
        policy: { ...defaults.policy, ...options.policy },
        security: { ...defaults.security, ...options.security },
        emulator: { ...defaults.emulator, ...options.emulator },
      });
      ownedByTest.push(s);
      return s;
    },
  };
}

/**
 * A GraphQL request as a client sends it, whatever the gateway (a stack, a replica, a spawned
 * entry point): POST, JSON, the GraphQL over HTTP media type accepted; `body` as it is when it
 * is a string (to send what no client would), else JSON of `{ query, variables, … }`.
 */
export function post(url: string, body: string | { query?: string; variables?: unknown; [key: string]: unknown }, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The example client's trusted documents (examples/gql/persisted-documents.json), as the gateway loads them. */
export function examplesManifest(options: Partial<PersistedOperations> = {}): PersistedOperations {
  const json = JSON.parse(readFileSync(new URL('../examples/gql/persisted-documents.json', import.meta.url), 'utf8')) as Record<string, string>;
  return { documents: new Map(Object.entries(json)), only: false, cacheMaxAge: 0, ...options };
}

/**
 * A rule's refusal (issue 11): FORBIDDEN with the rule named, the field null, and nothing
 * written upstream.
 */
export function expectForbidden(
  { body, calls }: { body: { data?: Record<string, unknown> | null; errors?: readonly { message: string }[] }; calls: CallRecord[] },
  field: string,
  code: 'FORBIDDEN' | 'UNAUTHENTICATED' = 'FORBIDDEN',
) {
  expect(codes(body as ExecutionResult)).toEqual([code]);
  expect(body.errors![0]!.message).toMatch(code === 'FORBIDDEN' ? /^Not allowed: .+\.$/ : /^Not authenticated: .+; sign in first\.$/);
  expect(body.data?.[field]).toBeNull();
  expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);
}

/** The codes of a result's errors, in order. */
export const codes = (body: ExecutionResult<unknown>) => (body.errors ?? []).map((e) => e.extensions?.code);

/** `n` empty rooms owned by alice; their ids. */
export const addRooms = (store: Store, n: number): string[] =>
  Array.from({ length: n }, (_, i) => store.create({ name: `load ${i}`, description: '', maxusers: 10, owner: 'alice', members: [] }).id);

/** A room of `members` members (and its owner, alice), Easemob's default most being 10,000 in all. */
export function bigRoom(store: Store, members = 9_999): string {
  const users = Array.from({ length: members }, (_, i) => `user_number_${i}`);
  for (const u of users) store.addUser(u);
  return store.create({ name: 'Big', description: '', maxusers: 10_000, owner: 'alice', members: users }).id;
}

/** Load tests play many clients from one address: lift the per-caller and per-IP limits. */
export const manyClients: Partial<SecurityOptions> = { ipRequestsPerSecond: 100_000, callerBudget: 1_000_000 };

/** Easemob's limit as the seed doc tells it: one budget of 30 calls a second for the app, refusals 503; many clients. */
export const atEasemobLimit: StackOptions = { security: manyClients, emulator: { rateLimit: { perSecond: 30, status: 503 } } };
