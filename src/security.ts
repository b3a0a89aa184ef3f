/**
 * Limits that make the gateway safe to expose to browsers. Every one has an environment
 * variable (src/config.ts) and a line in the README's security section.
 */
export interface SecurityOptions {
  /** Estimated upstream calls one operation may cause (see src/upstream-cost.ts). */
  maxUpstreamCalls: number;
  /** Estimated upstream calls one caller may cause per `callerWindowSeconds`. */
  callerBudget: number;
  callerWindowSeconds: number;
  /** HTTP requests per second from one IP address, whatever they carry. */
  ipRequestsPerSecond: number;
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  /** Selections an operation may expand to with its fragments spread. */
  maxSelections: number;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** Request bytes handled at once across all callers (503 SERVER_BUSY over it): bounds the memory of a flood. */
  maxBytesInFlight: number;
  /** Values (fields of list items) one answer may hold: lists past it are cut (src/schema/answer-size.ts). */
  maxAnswerValues: number;
  /** Errors one answer lists; the rest are counted in `extensions.errorsLeftOut`. */
  maxErrors: number;
  /** Origins allowed to call from browsers; empty: no cross-origin access. */
  corsOrigins: readonly string[];
  /** Any page served from this machine over http (localhost or 127.0.0.1, any port) may call too: the embedded demo's default. */
  corsLoopbackOrigins: boolean;
  /** Request headers those origins may send besides Content-Type and Authorization, which are always allowed. */
  corsAllowHeaders: readonly string[];
  /** Answer introspection queries (GraphiQL, codegen). */
  introspection: boolean;
}

export const defaultSecurity: Readonly<SecurityOptions> = Object.freeze({
  maxUpstreamCalls: 30, // one second of the whole app's upstream budget
  callerBudget: 60,
  callerWindowSeconds: 6, // on average 10 calls/s, a third of the app's budget
  ipRequestsPerSecond: 100,
  maxDepth: 10,
  maxAliases: 15,
  maxTokens: 2_000,
  maxDirectives: 20,
  maxSelections: 1_000, // GraphiQL's full introspection query expands to about 230
  maxBodyBytes: 64 * 1024,
  maxBytesInFlight: 8 * 1024 * 1024, // 128 of the largest bodies, thousands of usual ones
  maxAnswerValues: 50_000, // a room of 10,000 members with two fields each, twice over
  maxErrors: 100,
  corsOrigins: [],
  corsLoopbackOrigins: false,
  // Apollo Client's client awareness headers, a caller's own request id, yoga's CSRF header.
  corsAllowHeaders: ['x-request-id', 'x-graphql-yoga-csrf', 'x-gateway-cost', 'apollographql-client-name', 'apollographql-client-version'],
  introspection: true,
});
