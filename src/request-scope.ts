/**
 * What the gateway knows of one request: who is calling, the id a user can quote, and what
 * its operation may still spend. Plugins that run before the context exists (src/plugins/
 * request-id.ts, caller.ts) write the first two into the request's scope; the context
 * (src/context.ts) carries them from then on, and every plugin after reads them there.
 * Neutral ground: plugins and the context import this module, and it imports neither, so
 * per-request facts have one road and no plugin sits above the context.
 */
import type { AuthSource } from './easemob/client.js';

export interface Caller {
  kind: 'key' | 'user' | 'passthrough' | 'anonymous' | 'none';
  /** The signed-in user's Easemob username. */
  username?: string;
  /** When the sign-in token expires, epoch ms: the end of the user's subscriptions. */
  expiresAt?: number;
  /**
   * Every right over every room: API keys (trusted backends), users with the admin scope,
   * passthrough callers (they hold an Easemob token already) and, without sign-in,
   * anonymous callers.
   */
  admin: boolean;
  /** May read rooms; with sign-in on, an anonymous caller may do nothing else. */
  reader: boolean;
  /** The credential the caller's upstream calls carry; none: the operation is refused. */
  credential?: AuthSource;
  /** Budgets the caller's upstream calls are charged to. */
  budgetKeys: string[];
  /**
   * Callers of one scope see the same data for the same operation: same credential upstream
   * and same rights. Identical queries in flight are run once per scope
   * (src/plugins/coalesce.ts); absent: never shared.
   */
  scope?: string;
}

/** An operation's upstream calls: counted, and held to what the operation was priced at. */
export interface UpstreamCalls {
  /** Sent, retries included: the operation log's count. */
  count: number;
  /** Calls the operation may start, retries aside: the per-operation limit until the budget plugin lowers it to the price. */
  allowed: number;
  /** What the operation was priced at, once the budget plugin priced it. */
  priced?: number;
  /** Time (ms) the operation waited on Easemob: while at least one of its calls was paced or in flight. */
  waitMs: number;
  /** Told when one of its calls begins, and when it ends. */
  began(): void;
  ended(): void;
  /**
   * The cache tags of what the operation read (src/easemob/shared-reads.ts): what its answer is
   * about. Null once it read something no tag names (nothing can say when such an answer is
   * stale), or once a rule read a room for it (src/schema/rules.ts): its answer is kept by nobody.
   */
  readTags: Set<string> | null;
}

/** An operation's count of upstream calls, and of the time it waited on them (overlapping calls count once). */
export function createUpstreamCalls(allowed: number): UpstreamCalls {
  let waiting = 0;
  let since = 0;
  return {
    count: 0,
    allowed,
    waitMs: 0,
    readTags: new Set(),
    began() {
      if (waiting++ === 0) since = performance.now();
    },
    ended() {
      if (--waiting === 0) this.waitMs += performance.now() - since;
    },
  };
}

/** What an operation may still put in its answer: its lists are charged against it (src/schema/answer-size.ts). */
export interface AnswerAllowance {
  /** Values the answer may still hold. */
  left: number;
  /** The whole allowance, for the error. */
  readonly limit: number;
  /** The answer was cut: lists and texts that may be null are null from now on. */
  cut: boolean;
}

/** Known of a request before its context is built. */
export interface RequestScope {
  caller: Caller;
  requestId: string;
  /** Its operation's upstream calls, once its context is built: what the response's Server-Timing tells. */
  upstreamCalls?: UpstreamCalls;
}

/** The facts every operation's context carries: what the plugins read and write. */
export interface RequestFacts extends RequestScope {
  upstreamCalls: UpstreamCalls;
  answer: AnswerAllowance;
}

/** A caller nobody has worked out (no caller plugin): may do nothing. */
const nobody: Caller = Object.freeze({ kind: 'none', admin: false, reader: false, budgetKeys: Object.freeze(['ip:unknown']) as string[] });

const scopes = new WeakMap<Request, RequestScope>();

/** The request's scope, made on first use; the plugins of the first phase fill it in. */
export function requestScope(request: Request): RequestScope {
  let scope = scopes.get(request);
  if (!scope) scopes.set(request, (scope = { caller: nobody, requestId: 'none' }));
  return scope;
}
