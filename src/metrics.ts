/**
 * Prometheus metrics (prom-client) on a registry of the gateway's own: GraphQL operations
 * by name and outcome with latency, upstream calls by endpoint and status, retries,
 * pacing, loader batches, token fetches, shared and cached reads. Served at /metrics by
 * src/plugins/metrics.ts.
 */
import { shareMetrics } from './workers.js';
import { Kind, parse } from 'graphql';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { UpstreamObserver } from './easemob/observer.js';

/**
 * Operation names come from callers, and each label is a time series kept for good: any
 * caller could fill them all with junk. So a name becomes a label when it names a trusted
 * (persisted) document, or when a trusted backend (an API key) sent it, well formed and up to
 * 200 of them; every other operation counts as `other`.
 */
function operationLabels(known: ReadonlySet<string>, limit = 200) {
  const seen = new Set<string>();
  return (name: string, trusted: boolean) => {
    if (known.has(name)) return name;
    if (!trusted || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return 'other';
    if (seen.has(name) || seen.size < limit) {
      seen.add(name);
      return name;
    }
    return 'other';
  };
}

/** The operation names of trusted documents (their text by id), which label metrics whoever sends them. */
export function operationNamesOf(documents: Iterable<string>): Set<string> {
  const names = new Set<string>();
  for (const text of documents) {
    try {
      for (const d of parse(text).definitions) if (d.kind === Kind.OPERATION_DEFINITION && d.name) names.add(d.name.value);
    } catch {
      // not a document: it names nothing
    }
  }
  return names;
}

/** `knownOperations`: names that label metrics whoever sends them (the trusted documents'). */
export function createMetrics(knownOperations: ReadonlySet<string> = new Set()) {
  const label = operationLabels(knownOperations);
  const registry = new Registry();
  shareMetrics(registry);
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const operations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations by name, type and outcome (ok, error, refused)',
    labelNames: ['operation', 'type', 'outcome'],
    registers,
  });
  const operationSeconds = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'Time to answer a GraphQL operation',
    labelNames: ['operation', 'type'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const upstreamCalls = new Counter({
    name: 'easemob_upstream_calls_total',
    help: 'Calls sent to Easemob by endpoint and HTTP status (0: no answer)',
    labelNames: ['endpoint', 'status'],
    registers,
  });
  const upstreamSeconds = new Histogram({
    name: 'easemob_upstream_call_duration_seconds',
    help: 'Time from sending a call to Easemob to its answer',
    labelNames: ['endpoint'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const retries = new Counter({ name: 'easemob_upstream_retries_total', help: 'Retries by reason', labelNames: ['reason'], registers });
  const pacedSeconds = new Histogram({
    name: 'easemob_pacer_wait_seconds',
    help: 'Time calls waited for their turn under the upstream rate limit',
    buckets: [0, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  let pacer = () => ({ queued: 0, slowdown: 0 });
  new Gauge({
    name: 'easemob_pacer_queue_depth',
    help: 'Calls waiting for their turn now',
    registers,
    collect() {
      this.set(pacer().queued);
    },
  });
  new Gauge({
    name: 'easemob_pacer_slowdown_step',
    help: 'How far pacing has slowed down after Easemob refused calls for their rate (0: not at all, 3: most)',
    registers,
    collect() {
      this.set(pacer().slowdown);
    },
  });
  const batchSize = new Histogram({
    name: 'easemob_detail_batch_size',
    help: 'Room ids per batched detail call',
    buckets: [1, 2, 5, 10, 20, 50, 100],
    registers,
  });
  const tokenFetches = new Counter({ name: 'easemob_token_fetches_total', help: 'App token requests by outcome', labelNames: ['outcome'], registers });
  const sharedReads = new Counter({
    name: 'easemob_shared_reads_total',
    help: 'Reads served without a call of their own: shared in flight, or from the cache',
    labelNames: ['kind'],
    registers,
  });

  const coalesced = new Counter({
    name: 'graphql_operations_coalesced_total',
    help: 'Queries answered by an identical execution already in flight for the same caller scope',
    registers,
  });
  const cached = new Counter({
    name: 'graphql_operations_cached_total',
    help: 'Queries answered from the response cache, without executing them',
    registers,
  });
  const sharedUp = new Gauge({
    name: 'gateway_shared_state_up',
    help: '1 while Redis answers and budgets, token and cache are shared by the replicas; 0 on local fallback',
    registers,
  });
  const sharedLost = new Counter({
    name: 'gateway_shared_state_fallbacks_total',
    help: 'Times Redis became unavailable and this replica fell back to local budgets',
    registers,
  });

  const callbacks = new Counter({
    name: 'gateway_callbacks_total',
    help:
      "Easemob callbacks by outcome: accepted, echo (of the gateway's own write), repeated, ignored; refused: bad_signature, stale, " +
      'malformed, too_large, slow, aborted, rate_limited, suspect, busy, off; failed (the gateway\'s own fault, answered 200)',
    labelNames: ['outcome'],
    registers,
  });
  let live = () => ({ subscriptions: 0, delivered: 0 });
  new Gauge({
    name: 'gateway_subscriptions',
    help: 'Subscriptions open on this instance',
    registers,
    collect() {
      this.set(live().subscriptions);
    },
  });
  // A count read from the hub when scraped: a counter moved on by the difference since the last scrape.
  let deliveredSeen = 0;
  new Counter({
    name: 'gateway_events_delivered_total',
    help: 'Room events handed to subscribers',
    registers,
    collect() {
      const now = live().delivered;
      this.inc(now - deliveredSeen);
      deliveredSeen = now;
    },
  });

  const observer: UpstreamObserver = {
    call: (endpoint, status, seconds) => {
      upstreamCalls.inc({ endpoint, status: String(status) });
      upstreamSeconds.observe({ endpoint }, seconds);
    },
    retry: (reason) => retries.inc({ reason }),
    paced: (seconds) => pacedSeconds.observe(seconds),
    tokenFetch: (outcome) => tokenFetches.inc({ outcome }),
    sharedRead: (kind) => sharedReads.inc({ kind }),
    detailBatch: (size) => batchSize.observe(size),
  };

  return {
    registry,
    observer,
    /** Told of every query answered by an identical one in flight. */
    coalesced: () => coalesced.inc(),
    /** Told of every query answered from the response cache. */
    cached: () => cached.inc(),
    /** Told when shared state (Redis) is lost and back. */
    sharedState(up: boolean) {
      sharedUp.set(up ? 1 : 0);
      if (!up) sharedLost.inc();
    },
    /** Counts a callback by what became of it. */
    callback: (outcome: string) => callbacks.inc({ outcome }),
    /** Reads the subscriptions open and the events delivered when scraped. */
    trackLive(read: () => { subscriptions: number; delivered: number }) {
      live = read;
    },
    /** Reads the pacing queue depth and slowdown when scraped. */
    trackPacer(read: () => { queued: number; slowdown: number }) {
      pacer = read;
    },
    /** Counts an operation answered, by its label, type and outcome, with the time it took. */
    operation(labels: { operation: string; type: string }, outcome: 'ok' | 'error' | 'refused', seconds: number) {
      operations.inc({ ...labels, outcome });
      operationSeconds.observe(labels, seconds);
    },
    /** The label an operation's name gets: see operationLabels. */
    label,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
