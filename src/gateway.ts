/**
 * Builds the gateway: schema, per-request context, plugins and the shared upstream
 * resources. It never listens; src/main.ts and the tests do that.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { getOperationAST } from 'graphql';
import { createGraphQLError, createYoga, type Plugin } from 'graphql-yoga';
import { CircuitState } from 'cockatiel';
import { Agent, type Dispatcher } from 'undici';
import { createIdentify } from './auth.js';
import { type Context, createContextFactory } from './context.js';
import { createUpstream } from './easemob/client.js';
import { limits } from './easemob/limits.js';
import { defaultPolicy, type UpstreamPolicy } from './easemob/policy.js';
import { createTokenProvider } from './easemob/token.js';
import { createLogger, yogaLogger } from './logging.js';
import type { GatewayOptions } from './options.js';
import { createMetrics, operationNamesOf } from './metrics.js';
import { createLiveHub } from './live/hub.js';
import { type RoomEvent, usersNamed } from './live/room-event.js';
import { cacheTags } from './easemob/shared-reads.js';
import { defaultLive, type LiveOptions } from './live/options.js';
import { say } from './error-codes.js';
import type { NodeServerContext } from './http.js';
import { callbackPath, createCallbackIntake } from './callback-intake.js';
import { createSharedStreams } from './live/shared-streams.js';
import { asksForEventStream, createSseStreams } from './sse-streams.js';
import { useCaller } from './plugins/caller.js';
import { useCoalescing } from './plugins/coalesce.js';
import { createResponseCache } from './response-cache.js';
import { createSharedResponseCache } from './response-cache-redis.js';
import { useCostReport } from './plugins/cost-report.js';
import { useComplexityLimits } from './plugins/complexity-limits.js';
import { corsFor, corsOn, useVaryOrigin } from './plugins/cors.js';
import { useCsrfPreventionForWrites } from './plugins/csrf.js';
import { useDemoTokens } from './plugins/demo-tokens.js';
import { graphiqlConfig, useGraphiQL } from './plugins/graphiql/index.js';
import { useKnownOperationTypes } from './plugins/known-operation-types.js';
import { useSubscriptionTransport } from './plugins/subscription-transport.js';
import { useSharedEventResults } from './plugins/shared-event-results.js';
import { useMetrics } from './plugins/metrics.js';
import { createOperationKeys } from './plugins/operation-key.js';
import { useOperationLog } from './plugins/operation-log.js';
import { usePersistedDocuments } from './plugins/persisted-operations.js';
import { readyAlone, readyTogether, useReadiness } from './plugins/readiness.js';
import { useRequestId } from './plugins/request-id.js';
import { useRequestLimits } from './plugins/request-limits.js';
import { useSafeErrors } from './plugins/safe-errors.js';
import { useUpstreamBudget } from './plugins/upstream-budget.js';
import { schema } from './schema/index.js';
import { createSharedState } from './shared-state.js';
import { groupReadiness, shareReadiness } from './workers.js';
import { defaultSecurity, type SecurityOptions } from './security.js';

const endpoint = '/graphql';

/** The cached reads an event may have made stale: its room's, the room list's, and its users' rooms. */
function staleAfter(event: RoomEvent): string[] {
  if (event.kind === 'superAdminsChanged') return [cacheTags.superAdmins];
  return [cacheTags.room(event.chatroomId), cacheTags.rooms, ...usersNamed(event).map(cacheTags.user)];
}

export function createGateway(options: GatewayOptions) {
  const policy: UpstreamPolicy = { ...defaultPolicy, ...options.policy };
  const logger = options.logger ?? createLogger('silent');
  const metrics = createMetrics(operationNamesOf(options.persisted?.documents.values() ?? []));
  const security: SecurityOptions = { ...defaultSecurity, ...options.security };
  const ownDispatcher = options.dispatcher
    ? undefined
    : new Agent({
        connections: policy.connections,
        keepAliveTimeout: 30_000,
        connectTimeout: policy.connectTimeoutMs,
        headersTimeout: policy.requestTimeoutMs,
        bodyTimeout: policy.requestTimeoutMs,
        // Larger answers are cut off as they stream, never held in memory whole.
        maxResponseSize: policy.maxResponseBytes,
      });
  const dispatcher = options.dispatcher ?? ownDispatcher!;
  const shared =
    options.redis &&
    createSharedState({
      ...options.redis,
      // Replicas share state only with replicas of the same Easemob app.
      app: `${options.easemob.baseUrl} ${options.easemob.org} ${options.easemob.app}`,
      logger,
      onChange: metrics.sharedState,
    });
  // With Redis, in Redis: a write or an event reaching any replica retires the kept answers of all.
  const responses = !options.responseCache?.ttlMs
    ? undefined
    : shared
      ? createSharedResponseCache(shared, options.responseCache, policy.operationTimeoutMs)
      : createResponseCache(options.responseCache);
  // What the gateway forgets of Easemob's answers (a write, an event), it forgets of the whole answers it keeps,
  // and no query joins an execution that began before.
  let forgetInFlight = () => {};
  const invalidated = (tags: readonly string[] | undefined, readsForgotten: Promise<unknown>) => {
    forgetInFlight();
    // After the read cache: an execution that begins once the answers are retired must not read the old reads.
    return responses && readsForgotten.then(() => responses.invalidate(tags));
  };
  const upstream = createUpstream(options.easemob, dispatcher, policy, { ...metrics.observer, invalidated }, shared);
  metrics.trackPacer(() => upstream.pacer.stats());
  const live: LiveOptions = { ...defaultLive, ...options.live };
  const callbacksOn = live.callbackSecrets.length > 0;
  const hub = createLiveHub({
    limits: { perCaller: live.maxSubscriptionsPerCaller, total: live.maxSubscriptions, queue: live.subscriberQueue },
    shared: shared || undefined,
    logger,
    // Remembered past the freshness window either way: a callId older than that is refused as stale.
    callbacks: callbacksOn ? { rememberMs: 2 * live.callbackWindowMs + 60_000 } : undefined,
    // What the gateway keeps of the room and the users an event names may be stale now.
    onEvent: (event) => upstream.reads.invalidate(staleAfter(event)),
    errors: {
      overflow: () =>
        createGraphQLError(say('SUBSCRIBER_TOO_SLOW', `more than ${live.subscriberQueue} events waited to be sent; subscribe again`), {
          extensions: { code: 'SUBSCRIBER_TOO_SLOW' },
        }),
      expired: () =>
        createGraphQLError(say('UNAUTHENTICATED', 'the sign-in token expired; subscribe again with a fresh one'), {
          extensions: { code: 'UNAUTHENTICATED' },
        }),
    },
  });
  metrics.trackLive(() => hub.stats());
  const appToken =
    options.auth.mode === 'service'
      ? createTokenProvider({ upstream, clientId: options.auth.clientId, clientSecret: options.auth.clientSecret })
      : undefined;

  // One key for "this caller's scope asks this operation again": shared by coalescing and kept prices.
  const operationKey = createOperationKeys();
  // Each plugin is typed by the context it reads; yoga's Plugin type is invariant in it.
  const plugins: Plugin<any>[] = [
    useRequestId(),
    // First, so that every endpoint (/metrics and /ready too) is inside the per-IP limit.
    useRequestLimits(security),
    // Who is calling, once per request: budgets, the context and the field rules read it.
    useCaller(createIdentify(options.auth, appToken)),
    ...(options.persisted ? usePersistedDocuments(options.persisted) : []),
    useMetrics(metrics, '/metrics'),
    ...(options.graphiql === false
      ? []
      : [useGraphiQL(graphiqlConfig(options.auth, endpoint), options.demoTokens && graphiqlConfig(options.auth, endpoint, options.demoTokens))]),
    ...(options.demoTokens ? [useDemoTokens(options.demoTokens)] : []),
    useReadiness('/ready', async () => {
      // With several workers, the request reached one of them: it answers for all (src/workers.ts).
      const every = await groupReadiness();
      const { ready, checks } = every ? readyTogether(every) : readyAlone(await readiness());
      return Response.json({ ready, checks, ...(every && { workers: every.length }) }, { status: ready ? 200 : 503 });
    }),
    ...(corsOn(security) ? [useVaryOrigin()] : []),
    useCsrfPreventionForWrites(),
    ...useComplexityLimits(security),
    useKnownOperationTypes(),
    useSubscriptionTransport(),
    blockFieldSuggestionsPlugin(),
    ...(security.introspection ? [] : [useDisableIntrospection()]),
    useUpstreamBudget({
      maxCallsPerOperation: security.maxUpstreamCalls,
      callerBudget: security.callerBudget,
      callerWindowSeconds: security.callerWindowSeconds,
      detailBatch: policy.batchDetails ? limits.detailBatch : 1,
      shared,
      operationKey,
    }),
    useSafeErrors(logger, security.maxErrors),
    useCostReport(),
    // One execution per event for every subscriber told the same thing (who asks aside).
    useSharedEventResults(),
    useOperationLog(logger),
    // Compiled execution: about a third more page50 operations per second (BENCHMARKS.md). Not for
    // subscriptions: graphql-jit 0.8 hands `subscribe` the operation's variables for the field's arguments.
    ...((options.jit ?? true) ? [useGraphQlJit({}, { enableIf: (args) => getOperationAST(args.document, args.operationName)?.operation !== 'subscription' })] : []),
    // Last: it shares the execute function every plugin before it has set.
    ...((options.coalesce ?? true) ? [useCoalescing(operationKey, { shared: metrics.coalesced, cached: metrics.cached }, responses, (forget) => (forgetInFlight = forget))] : []),
  ];

  /** Ready when the upstream is reachable (circuit closed, app token obtainable) and pacing has room. */
  async function readiness() {
    const tokenObtainable = appToken
      ? await appToken.header().then(
          () => true,
          () => false,
        )
      : true; // passthrough: callers bring their own tokens
    return {
      config: true, // the gateway would not have started with a bad one
      upstreamReachable: upstream.breaker.state !== CircuitState.Open,
      tokenObtainable,
      pacingQueueNotSaturated: upstream.pacer.stats().queued < policy.maxQueue * 0.9,
      sharedState: shared?.up,
      liveFanOut: hub.stats().fanOut,
    };
  }

  // A worker answers for itself once its shared state has settled: asked sooner, it would fetch an app token of its own.
  void (shared ? shared.connected : Promise.resolve()).then(() => shareReadiness(readiness));

  const yoga = createYoga<NodeServerContext, Context>({
    schema,
    context: createContextFactory(upstream, security.maxUpstreamCalls, security.maxAnswerValues, hub),
    plugins,
    batching: false,
    // useRequestLimits already refuses a POST without Content-Length or over GATEWAY_MAX_BODY_BYTES, and
    // Node's parser reads no more than Content-Length: yoga's own limit would pipe every body
    // through a stream with an AbortSignal (about 5% of the CPU of a small query, profiled).
    maxRequestBodySize: false,
    // GraphQL over HTTP's persisted documents name theirs by `documentId`.
    extraParamNames: ['documentId'],
    cors: corsFor(security),
    graphqlEndpoint: endpoint,
    // Served by useGraphiQL: its files come from this server, never from a CDN.
    graphiql: false,
    healthCheckEndpoint: '/health',
    landingPage: false,
    logging: yogaLogger(logger),
  });

  // Easemob's callbacks are answered at Node's level, before yoga: see src/callback-intake.ts.
  const intake = createCallbackIntake(
    { secrets: live.callbackSecrets, windowMs: live.callbackWindowMs, maxBodyBytes: live.callbackMaxBodyBytes, perIpPerSecond: live.callbackPerIpPerSecond },
    hub,
    logger,
    metrics.callback,
  );
  // Subscriptions over SSE that answer alike share their stream: src/sse-streams.ts.
  const streams = createSharedStreams({ hub, keepAliveMs: live.keepAliveMs, logger });
  const sse = createSseStreams(yoga, streams, security.maxBodyBytes, logger);
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url?.split('?', 1)[0];
    if (path === callbackPath) return void intake(req, res);
    if (path === endpoint && asksForEventStream(req)) return void sse(req, res);
    return yoga(req, res);
  };

  return {
    yoga,
    /** The Node request listener to serve: the callback intake, and yoga for everything else. */
    listener,
    /** Pacing queue and circuit state, for metrics and tests. */
    stats: () => ({ pacer: upstream.pacer.stats(), circuit: upstream.breaker.state, sharedState: shared?.up }),
    metrics: metrics.registry,
    /** Resolves when shared state (Redis) is connected or has failed to: listen after it, so the first requests share. */
    connected: async () => {
      await shared?.connected;
    },
    /** The live hub: subscribers, and what they were told; `close()` ends every stream, so that their connections can close. */
    live: hub,
    /** Subscriptions over SSE sharing streams: how many streams, and connections on them. */
    streams: { stats: streams.stats },
    /** Drops the upstream connections the gateway opened itself, abandoning calls still in flight. */
    async close() {
      await hub.close();
      streams.close();
      await shared?.close();
      await ownDispatcher?.destroy();
    },
  };
}
