/**
 * How the gateway treats the upstream: pacing, timeouts, retries, circuit breaking.
 * The defaults are safe for a real Easemob app: 30 calls/s stays under each of its
 * per-endpoint limits (50 or 100 a second per app key; 30 per IP in the older doc).
 */
export interface UpstreamPolicy {
  /** Upstream calls per second for the whole process, under every one of Easemob's per-endpoint limits. */
  ratePerSecond: number;
  /**
   * Replicas expected to share the rate: each counts `ratePerSecond / replicas` alone
   * (without Redis, or while it is down); with Redis they share the whole rate.
   */
  replicas: number;
  /** Calls that may go back to back before pacing spreads them out. */
  burst: number;
  /** Extra window length over one second, against network jitter reordering calls. */
  windowMarginMs: number;
  /** Longest a call waits in the pacing queue. */
  queueTimeoutMs: number;
  /** Most calls waiting in the pacing queue. */
  maxQueue: number;
  /** Most bytes (paths and bodies) of the calls waiting in the pacing queue. */
  maxQueueBytes: number;
  /** Overall deadline of one GraphQL operation's upstream work, retries included. */
  operationTimeoutMs: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Base and cap of the exponential backoff (full jitter). */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Connections to the upstream, and their timeouts. */
  connections: number;
  connectTimeoutMs: number;
  /** Time to the response headers, and between body chunks. */
  requestTimeoutMs: number;
  /** Shortest lifetime an app token is cached for, whatever Easemob says. */
  minTokenLifetimeMs: number;
  /** Largest upstream answer read; a larger one is discarded as it streams and the call fails. */
  maxResponseBytes: number;
  /** Consecutive outage failures that open the circuit, and how long it stays open. */
  breakerThreshold: number;
  breakerCooldownMs: number;
  /** Batch a request's detail fetches, ≤ 100 ids a call (off only to measure its effect). */
  batchDetails: boolean;
  /** Share identical in-flight GETs across requests (off only to measure its effect). */
  shareReads: boolean;
  /** Cache successful GETs this long across requests; 0 turns the cache off. */
  cacheTtlMs: number;
}

export const defaultPolicy: Readonly<UpstreamPolicy> = Object.freeze({
  ratePerSecond: 30,
  replicas: 1,
  burst: 10,
  windowMarginMs: 100,
  queueTimeoutMs: 10_000,
  maxQueue: 1_000,
  maxQueueBytes: 8 * 1024 * 1024,
  operationTimeoutMs: 15_000,
  maxRetries: 3,
  backoffBaseMs: 100,
  backoffMaxMs: 2_000,
  // More than the default pacing ever keeps busy (30 calls/s of ~20–100 ms each), so that an
  // upstream allowing more (EASEMOB_RATE_LIMIT raised) is not held back by the pool: a call
  // waiting for a free connection adds its whole wait to the operation. Idle ones close.
  connections: 64,
  connectTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  minTokenLifetimeMs: 60_000,
  maxResponseBytes: 8 * 1024 * 1024, // 100 rooms of detail with about 2,500 members each
  breakerThreshold: 5,
  breakerCooldownMs: 5_000,
  batchDetails: true,
  shareReads: true,
  cacheTtlMs: 0,
});
