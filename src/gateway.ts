/**
 * Builds the gateway: schema, per-request context, plugins and the shared upstream
 * resources. It never listens; src/main.ts and the tests do that.
 */
import { createYoga } from 'graphql-yoga';
import { Agent, type Dispatcher } from 'undici';
import { createAuthenticate, useCallerAuth } from './auth.js';
import type { AuthConfig, EasemobApp } from './config.js';
import { type Context, createContextFactory } from './context.js';
import { createUpstream } from './easemob/client.js';
import { defaultPolicy, type UpstreamPolicy } from './easemob/policy.js';
import { createTokenProvider } from './easemob/token.js';
import { useUpstreamErrors } from './errors.js';
import { schema } from './schema/index.js';

export interface GatewayOptions {
  easemob: EasemobApp;
  auth: AuthConfig;
  /** Pacing, timeouts, retries and circuit breaking; defaults suit a real Easemob app. */
  policy?: Partial<UpstreamPolicy>;
  /** The undici dispatcher for upstream calls; by default a keep-alive Agent owned by the gateway. */
  dispatcher?: Dispatcher;
  /** Serve GraphiQL on GET /graphql from a browser (default true). */
  graphiql?: boolean;
}

export const exampleQuery = /* GraphQL */ `query Rooms {
  chatrooms(first: 10) {
    nodes { id name owner { username } affiliationsCount }
    pageInfo { hasNextPage endCursor }
  }
}
`;

export function createGateway(options: GatewayOptions) {
  const policy: UpstreamPolicy = { ...defaultPolicy, ...options.policy };
  const ownDispatcher = options.dispatcher
    ? undefined
    : new Agent({
        connections: policy.connections,
        keepAliveTimeout: 30_000,
        connectTimeout: policy.connectTimeoutMs,
        headersTimeout: policy.requestTimeoutMs,
        bodyTimeout: policy.requestTimeoutMs,
      });
  const dispatcher = options.dispatcher ?? ownDispatcher!;
  const upstream = createUpstream(options.easemob, dispatcher, policy);
  const appToken =
    options.auth.mode === 'service'
      ? createTokenProvider({ upstream, clientId: options.auth.clientId, clientSecret: options.auth.clientSecret })
      : undefined;

  const yoga = createYoga<object, Context>({
    schema,
    context: createContextFactory(upstream, createAuthenticate(options.auth, appToken)),
    plugins: [useCallerAuth(), useUpstreamErrors()],
    graphiql: options.graphiql === false ? false : { title: 'Easemob chatrooms', defaultQuery: exampleQuery },
    landingPage: false,
  });

  return {
    yoga,
    /** Pacing queue and circuit state, for metrics and tests. */
    stats: () => ({ pacer: upstream.pacer.stats(), circuit: upstream.breaker.state }),
    /** Releases the upstream connections the gateway opened itself. */
    async close() {
      await ownDispatcher?.close();
    },
  };
}

export type Gateway = ReturnType<typeof createGateway>;
