/**
 * Every core (GATEWAY_WORKERS): the primary process forks that many workers, each serving the
 * whole gateway on the one port (node:cluster shares the listening socket). They act as one
 * gateway towards Easemob and callers the way replicas do, through Redis: one upstream pace,
 * one app token, the callers' budgets counted once, events told to every worker's subscribers
 * (README "Running several replicas"). The primary serves nothing itself.
 *
 * A worker that dies is not forked again: the primary stops the others and exits 1, so that
 * whatever runs the gateway (systemd, Kubernetes) restarts the whole, rather than the gateway
 * hiding a crash loop. SIGTERM and SIGINT are passed on; the primary exits once every worker has.
 */
import cluster from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';

/** What a worker asks the primary for, and is answered with: the metrics of every worker, added up. */
const metricsAsk = 'gateway:metrics';
interface MetricsMessage {
  type: typeof metricsAsk;
  id: number;
  text?: string | null;
}
const isMetricsMessage = (message: unknown): message is MetricsMessage =>
  typeof message === 'object' && message !== null && (message as MetricsMessage).type === metricsAsk;

export function runWorkers(count: number): void {
  let stopping = false;
  let failed = false;
  const stopAll = (signal: NodeJS.Signals) => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  for (let i = 0; i < count; i++) cluster.fork();
  // Asked by the worker a scrape reached: prom-client asks every worker for its registry and adds them up.
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: unknown) => {
    if (!isMetricsMessage(message)) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: metricsAsk, id: message.id, text }),
      () => worker.send({ type: metricsAsk, id: message.id, text: null }),
    );
  });
  cluster.on('exit', (_worker, code, signal) => {
    if (!stopping && (code !== 0 || signal)) {
      failed = true;
      stopping = true;
      stopAll('SIGTERM');
    }
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(failed ? 1 : 0);
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      stopping = true;
      stopAll(signal);
    });
  }
}

/** In a worker: its registry is the one prom-client reads when the primary gathers every worker's. */
export function shareMetrics(registry: import('prom-client').Registry): void {
  if (!cluster.isWorker) return;
  // Made for its side effect: prom-client answers the primary's asks only once an aggregator exists.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
}

let asked = 0;
const waiting = new Map<number, (text: string | null) => void>();

/**
 * In a worker: the metrics of every worker, added up by the primary (counters and gauges summed);
 * null outside workers, or when the primary could not gather them.
 */
export function groupMetrics(): Promise<string | null> | null {
  if (!cluster.isWorker) return null;
  if (waiting.size === 0) process.on('message', answered);
  const id = ++asked;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    process.send!({ type: metricsAsk, id });
  });
}

function answered(message: unknown): void {
  if (!isMetricsMessage(message)) return;
  waiting.get(message.id)?.(message.text ?? null);
  waiting.delete(message.id);
  if (waiting.size === 0) process.off('message', answered);
}
