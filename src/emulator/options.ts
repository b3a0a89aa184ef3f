/**
 * The emulator's options (beyond the settings of src/options.ts) and the face it shows to tests and scripts: what createEmulator
 * (src/emulator/server.ts) takes and returns, and what it records of each call. Apart from
 * the server, so that its steps (pipeline.ts, faults.ts, rate-limit.ts) import the types
 * without importing the server back.
 */
import type { CallbackTarget, EmulatorSettings } from '../options.js';
import type { MessageOptions } from './messages.js';
import type { Store } from './store.js';

/** What the environment sets (src/options.ts), and what only tests set. */
export interface EmulatorOptions extends EmulatorSettings {
  /** Lifetime of issued tokens, in seconds. */
  tokenTtlSeconds?: number;
  /** The `expires_in` answered with a token, when it should differ from the true lifetime. */
  tokenExpiresIn?: number;
  /** Start with the demo users and rooms. */
  seed?: boolean;
  /** Answer a one-room detail with `data` as an object, as the docs' example shows it. */
  singleDetailAsObject?: boolean;
  /** What the app's plan allows of messages: rates, broadcasts, recalls. */
  messages?: MessageOptions;
}

export type { CallbackTarget } from '../options.js';

/** One callback the emulator sent, and the status of each attempt (0: no answer: refused, cut or over 2 s). */
export interface SentCallback {
  body: Record<string, unknown>;
  statuses: number[];
}

/** What a user of the client SDKs does to a room: join it, leave it, drop offline (and so leave), or remove a member. */
export type SdkAction =
  | { kind: 'join' | 'leave' | 'offline'; room: string }
  | { kind: 'kick'; room: string; target: string }
  /** A member sets room attributes of their own from an app (to go when they leave, the SDKs' default). */
  | { kind: 'set-attributes'; room: string; attributes: Record<string, string> };

/** One answered (or cut) request, as the emulator saw it. */
export interface CallRecord {
  method: string;
  /** Path below /{org}/{app}, decoded: `/chatrooms/1,2`. */
  path: string;
  status: number;
  at: number;
  token: boolean;
  /** The JSON body it sent, if any (never a token request's). */
  body?: unknown;
}

/** Makes the next `times` matching requests fail. */
export interface Fault {
  method?: string;
  path?: RegExp;
  times?: number;
  status?: number;
  retryAfter?: number;
  /** Cut the connection before handling, or after the request was processed. */
  reset?: 'before' | 'after';
  /** The error word of an injected status (default `injected_fault`): `resource_limited`, say; null: no body at all, as a proxy may answer. */
  error?: string | null;
  /** Answer 200 with a JSON body this many bytes long, streamed (Infinity: never ending). */
  bodyBytes?: number;
  /** Bytes of such a body the emulator managed to send before the connection closed. */
  bytesSent?: number;
}

export interface Emulator {
  readonly org: string;
  readonly app: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly store: Store;
  readonly calls: CallRecord[];
  latencyMs: number;
  /** Base URL once listening: `http://127.0.0.1:PORT`. */
  url: string;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
  /** Calls other than token requests, optionally since an index of `calls`. */
  apiCalls(since?: number): CallRecord[];
  /** The fault as stored: it counts what it did (`bytesSent`). */
  injectFault(fault: Fault): Fault;
  clearFaults(): void;
  /** Invalidate every issued token, as if they all expired now. */
  revokeTokens(): void;
  /** Send the callbacks of changes from now on to `target` (undefined: to nobody); those queued already keep theirs. */
  sendCallbacksTo(target: CallbackTarget | undefined): void;
  /** The last 1,000 callbacks sent (or given up), oldest first. */
  readonly callbacksSent: SentCallback[];
  /** Callbacks dropped unsent because 10,000 were waiting already. */
  readonly callbacksDropped: number;
  /** Resolves once no callback waits and none is on its way. */
  callbacksIdle(): Promise<void>;
  /**
   * Changes the rooms as the user `username` would from a client SDK, and sends the callbacks for it;
   * throws the store's `StoreError` where the service would refuse.
   */
  actAs(username: string, action: SdkAction): void;
}
