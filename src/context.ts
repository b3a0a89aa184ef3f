/**
 * Per-request state: the request's facts (src/request-scope.ts: the caller, worked out by
 * src/plugins/caller.ts, and the request id), their upstream client and the loaders.
 * Everything shared across requests (dispatcher, token cache) is made once in
 * createGateway and passed in here.
 */
import DataLoader from 'dataloader';
import { createGraphQLError, type YogaInitialContext } from 'graphql-yoga';
import { type AuthSource, type CallOptions, createEasemobClient, type EasemobClient, type Upstream } from './easemob/client.js';
import { type ChatroomDetail, getChatrooms } from './easemob/chatrooms.js';
import { ChatroomNotFoundError } from './easemob/errors.js';
import { limits } from './easemob/limits.js';
import { getAnnouncement, listAdmins, listMutes, listUsers, type Mute } from './easemob/moderation.js';
import { say } from './error-codes.js';
import type { Delivery, LiveHub } from './live/hub.js';
import { createUpstreamCalls, type RequestFacts, requestScope, type UpstreamCalls } from './request-scope.js';

export interface Context extends RequestFacts {
  easemob: EasemobClient;
  loaders: {
    /** Room details by id, batched ≤ 100 per upstream call and de-duplicated within the request. */
    chatroom: DataLoader<string, ChatroomDetail>;
    /** What Easemob keeps of a room apart from its detail: one call per room, at most once per request. */
    admins: DataLoader<string, string[]>;
    mutes: DataLoader<string, Mute[]>;
    blocked: DataLoader<string, string[]>;
    allowed: DataLoader<string, string[]>;
    announcement: DataLoader<string, string>;
  };
  /**
   * Where the rules read a room's owner and admins: never from the cache of reads across
   * requests (EASEMOB_CACHE_TTL_MS), which may be stale (a write through a replica cut off
   * from Redis cannot empty it); the request's own loaders when there is no such cache.
   */
  ruleReads: Pick<Context['loaders'], 'chatroom' | 'admins'>;
  /** Room details the rules read before a write, so the write's payload can show them with the write applied. */
  roomsReadByRules: Map<string, ChatroomDetail>;
  /** Room events: where subscriptions subscribe and writes tell what they changed. */
  live: LiveHub;
  /**
   * What a subscription's context reads an event's fields with: loaders every subscriber of the
   * event shares (one upstream read per room and credential, whoever asks), and a fresh allowance.
   */
  readsForEvent(delivery: Delivery): Pick<Context, 'easemob' | 'loaders' | 'ruleReads' | 'roomsReadByRules' | 'answer'>;
}

/** Used for callers who are refused; never sent, since the operation is stopped first. */
const refused: AuthSource = {
  header: () => Promise.reject(new Error('unauthenticated caller reached the upstream client')),
};

/** The error of a call past the operation's allowance; the fields that needed it get it. */
const overAllowance = (calls: number) =>
  createGraphQLError(
    say(
      'QUERY_TOO_EXPENSIVE',
      `the operation was stopped after ${calls} upstream calls, all it may make: a list it asked through is longer than ` +
        'Easemob documents, and so than its price assumed. Ask for less under that list.',
    ),
    { extensions: { code: 'QUERY_TOO_EXPENSIVE', limit: calls } },
  );

/** What an operation reads Easemob through: its client, its loaders and the rules' own. */
export type Reads = Pick<Context, 'easemob' | 'loaders' | 'ruleReads'>;

/** A client and loaders for reads made with `credential` under `call`'s deadline and allowance. */
function createReads(upstream: Upstream, credential: AuthSource, call: CallOptions): Reads {
  const easemob = createEasemobClient(upstream, credential, call);
  const details = (client: EasemobClient) =>
    new DataLoader<string, ChatroomDetail>(
      async (ids) => {
        upstream.observer.detailBatch?.(ids.length);
        const found = await getChatrooms(client, ids);
        // Rows are matched by id, never by position.
        return ids.map((id) => found.get(id) ?? new ChatroomNotFoundError(id));
      },
      { maxBatchSize: limits.detailBatch, batch: upstream.policy.batchDetails },
    );
  /** One room's own list: no batch endpoint, so one call per room, de-duplicated. */
  const perRoom = <T>(fetch: (id: string) => Promise<T>) =>
    new DataLoader<string, T>((ids) => Promise.all(ids.map((id) => fetch(id).catch((error: Error) => error))));
  const chatroom = details(easemob);
  // Made when a field first asks: most operations read no room's admins, mutes or lists.
  const own: Partial<Omit<Context['loaders'], 'chatroom'>> = {};
  const loaders: Context['loaders'] = {
    chatroom,
    get admins() {
      return (own.admins ??= perRoom((id) => listAdmins(easemob, id)));
    },
    get mutes() {
      return (own.mutes ??= perRoom((id) => listMutes(easemob, id)));
    },
    get blocked() {
      return (own.blocked ??= perRoom((id) => listUsers(easemob, id, 'blocks')));
    },
    get allowed() {
      return (own.allowed ??= perRoom((id) => listUsers(easemob, id, 'white')));
    },
    get announcement() {
      return (own.announcement ??= perRoom((id) => getAnnouncement(easemob, id)));
    },
  };
  let ruleReads: Context['ruleReads'] = loaders;
  if (upstream.reads.caches) {
    // Reads that may come from the cache are not for rules: theirs go upstream.
    const fresh = createEasemobClient(upstream, credential, call, true);
    let admins: DataLoader<string, string[]> | undefined;
    ruleReads = {
      chatroom: details(fresh),
      get admins() {
        return (admins ??= perRoom((id) => listAdmins(fresh, id)));
      },
    };
  }
  return { easemob, loaders, ruleReads };
}

/** Call options that count an operation's calls and hold them to its allowance and to `maxCalls`, retries included. */
function allowance(upstream: Upstream, maxCalls: number, upstreamCalls: UpstreamCalls, lane: string | undefined): CallOptions {
  let started = 0;
  let tries = 0;
  return {
    // All upstream work of the operation, retries included, ends by this deadline.
    deadline: Date.now() + upstream.policy.operationTimeoutMs,
    lane,
    onAttempt: () => upstreamCalls.count++,
    onWait: upstreamCalls,
    onRead: (tags) => {
      if (!tags.length) upstreamCalls.readTags = null;
      else for (const tag of tags) upstreamCalls.readTags?.add(tag);
    },
    // Counted when a call is asked for, not when sent, so calls waiting for a turn count too.
    admit: () => {
      if (tries >= maxCalls || started >= upstreamCalls.allowed) throw overAllowance(tries);
      tries++;
      started++;
    },
    mayRetry: () => {
      if (tries >= maxCalls) return false;
      tries++;
      return true;
    },
  };
}

/**
 * `maxCalls`: most upstream calls one operation may send, retries included, whatever it was
 * priced at; `maxAnswerValues`: most values its answer may hold; `live`: where subscriptions
 * subscribe and writes tell what they changed.
 */
export function createContextFactory(upstream: Upstream, maxCalls: number, maxAnswerValues: number, live: LiveHub) {
  const wholeAllowance = () => ({ left: maxAnswerValues, limit: maxAnswerValues, cut: false });
  return ({ request }: YogaInitialContext): Context => {
    const scope = requestScope(request);
    const { caller, requestId } = scope;
    const upstreamCalls = (scope.upstreamCalls = createUpstreamCalls(maxCalls));
    const credential = caller.credential ?? refused;
    // Each caller reads in its own pacing lane, so one caller's backlog does not delay another's.
    const reads = createReads(upstream, credential, allowance(upstream, maxCalls, upstreamCalls, caller.budgetKeys[0]));
    return {
      caller,
      requestId,
      upstreamCalls,
      answer: wholeAllowance(),
      ...reads,
      roomsReadByRules: new Map(),
      live,
      readsForEvent(delivery) {
        // Every subscriber of the event with the same credential reads through the same loaders: one call per room.
        let shared = delivery.shared.get(credential) as Reads | undefined;
        if (!shared) {
          const calls = createUpstreamCalls(maxCalls);
          shared = createReads(upstream, credential, allowance(upstream, maxCalls, calls, 'live'));
          delivery.shared.set(credential, shared);
        }
        return { ...shared, roomsReadByRules: new Map(), answer: wholeAllowance() };
      },
    };
  };
}
