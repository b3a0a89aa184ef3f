/**
 * Per-request state: the caller's upstream client and the detail loader. Everything
 * shared across requests (dispatcher, token cache) is made once in createGateway and
 * passed in here.
 */
import DataLoader from 'dataloader';
import type { YogaInitialContext } from 'graphql-yoga';
import { type AuthSource, createEasemobClient, type EasemobClient, type Upstream } from './easemob/client.js';
import { type ChatroomDetail, getChatrooms } from './easemob/chatrooms.js';
import { ChatroomNotFoundError } from './easemob/errors.js';
import { limits } from './easemob/limits.js';
import { requestIdOf } from './plugins/request-id.js';
import { clientIp, type NodeServerContext } from './plugins/request-limits.js';

export interface Context {
  /** False when the caller presented no acceptable credentials; the operation is then refused. */
  authenticated: boolean;
  /** Budgets the operation's upstream calls are charged to (caller, and IP where the credential is unverified). */
  budgetKeys: string[];
  requestId: string;
  /** Upstream calls this operation sent, retries included; for the operation log. */
  upstreamCalls: { count: number };
  easemob: EasemobClient;
  loaders: {
    /** Room details by id, batched ≤ 100 per upstream call and de-duplicated within the request. */
    chatroom: DataLoader<string, ChatroomDetail>;
  };
}

/** Who the caller is: their upstream credential (none when refused) and budget keys. */
export type Authenticate = (request: Request, ip: string) => { source?: AuthSource; budgetKeys: string[] };

/** Used for callers who are refused; never sent, since the operation is stopped first. */
const refused: AuthSource = {
  header: () => Promise.reject(new Error('unauthenticated caller reached the upstream client')),
};

export function createContextFactory(upstream: Upstream, authenticate: Authenticate) {
  return ({ request, req }: YogaInitialContext & NodeServerContext): Context => {
    const { source: auth, budgetKeys } = authenticate(request, clientIp({ req }));
    // All upstream work of the operation, retries included, ends by this deadline.
    const deadline = Date.now() + upstream.policy.operationTimeoutMs;
    const upstreamCalls = { count: 0 };
    // Each caller reads in its own pacing lane, so one caller's backlog does not delay another's.
    const easemob = createEasemobClient(upstream, auth ?? refused, {
      deadline,
      lane: budgetKeys[0],
      onAttempt: () => upstreamCalls.count++,
    });
    const chatroom = new DataLoader<string, ChatroomDetail>(
      async (ids) => {
        upstream.observer.detailBatch?.(ids.length);
        const found = await getChatrooms(easemob, ids);
        // Rows are matched by id, never by position.
        return ids.map((id) => found.get(id) ?? new ChatroomNotFoundError(id));
      },
      { maxBatchSize: limits.detailBatch, batch: upstream.policy.batchDetails },
    );
    return {
      authenticated: auth !== undefined,
      budgetKeys,
      requestId: requestIdOf(request),
      upstreamCalls,
      easemob,
      loaders: { chatroom },
    };
  };
}
