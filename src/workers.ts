/**
 * Every core (GATEWAY_WORKERS): the primary process forks that many workers, each serving the
 * whole gateway on the one port (node:cluster shares the listening socket). They act as one
 * gateway towards Easemob and callers the way replicas do, through Redis: one upstream pace,
 * one app token, the callers' budgets counted once, one response cache, events told to every
 * worker's subscribers (README "Running several replicas"). The primary serves nothing itself;
 * it answers the workers' asks for the whole group: /metrics (every worker's, added up) and
 * /ready (every worker's checks).
 *
 * A worker that dies is not forked again: the primary stops the others and exits 1, so that
 * whatever runs the gateway (systemd, Kubernetes) restarts the whole, rather than the gateway
 * hiding a crash loop. SIGTERM and SIGINT are passed on; the primary exits once every worker has.
 */
import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

/** The checks of one worker's /ready (src/gateway.ts): each true when it holds; undefined when it does not apply. */
export type Checks = Record<string, boolean | undefined>;

/** Asked of the primary by a worker (for the group), or of a worker by the primary (its own part). */
type What = 'metrics' | 'ready' | 'own-ready';
interface Ask {
  type: 'gateway:ask';
  id: number;
  what: What;
}
interface Answer {
  type: 'gateway:answer';
  id: number;
  value: unknown;
}
const isAsk = (message: unknown): message is Ask => (message as Ask | null)?.type === 'gateway:ask';
const isAnswer = (message: unknown): message is Answer => (message as Answer | null)?.type === 'gateway:answer';

/** Longest the primary waits for a worker's own readiness: one that does not answer is not ready. */
const ownReadinessMs = 2_000;
/** Longest a worker waits for the primary's answer for the group: then it answers as though none came. */
const groupAnswerMs = 5_000;

/** Asks sent and not answered yet, by id: each side (the primary, a worker) has its own. */
let asked = 0;
const waiting = new Map<number, (value: unknown) => void>();
function answered(message: unknown): void {
  if (!isAnswer(message)) return;
  waiting.get(message.id)?.(message.value);
  waiting.delete(message.id);
}
function ask(send: (ask: Ask) => void, what: What, timeoutMs?: number): Promise<unknown> {
  const id = ++asked;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    if (timeoutMs) setTimeout(() => waiting.delete(id) && resolve(undefined), timeoutMs).unref();
    send({ type: 'gateway:ask', id, what });
  });
}

/** A message to a worker that may be gone (it exited while the primary gathered): dropped, never thrown. */
function tell(worker: Worker, message: Ask | Answer): void {
  if (worker.isConnected()) worker.send(message, () => {});
}

export function runWorkers(count: number): void {
  let stopping = false;
  let failed = false;
  const stopAll = (signal: NodeJS.Signals) => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  for (let i = 0; i < count; i++) cluster.fork();
  // prom-client asks every worker for its registry and adds them up.
  const aggregator = new AggregatorRegistry();
  const groupAnswers: Record<'metrics' | 'ready', () => Promise<unknown>> = {
    metrics: () => aggregator.clusterMetrics().catch(() => null),
    ready: () =>
      Promise.all(
        Object.values(cluster.workers ?? {}).map((worker) => ask((message) => tell(worker!, message), 'own-ready', ownReadinessMs)),
      ),
  };
  cluster.on('message', (worker: Worker, message: unknown) => {
    answered(message);
    if (!isAsk(message) || message.what === 'own-ready') return;
    void groupAnswers[message.what]().then((value) => tell(worker, { type: 'gateway:answer', id: message.id, value }));
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
export function shareMetrics(registry: Registry): void {
  if (!cluster.isWorker) return;
  // Made for its side effect: prom-client answers the primary's asks only once an aggregator exists.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
}

/** In a worker: what it answers when the primary asks for its own readiness (none yet: it does not answer). */
let ownReadiness: (() => Promise<Checks>) | undefined;
export function shareReadiness(own: () => Promise<Checks>): void {
  if (!cluster.isWorker) return;
  listen();
  ownReadiness = own;
}

let listening = false;
function listen() {
  if (listening) return;
  listening = true;
  process.on('message', (message: unknown) => {
    answered(message);
    if (!isAsk(message) || message.what !== 'own-ready' || !ownReadiness) return;
    void ownReadiness().then(
      (value) => process.send!({ type: 'gateway:answer', id: message.id, value } satisfies Answer),
      () => process.send!({ type: 'gateway:answer', id: message.id, value: null } satisfies Answer),
    );
  });
  // The IPC channel must not keep a worker alive that has nothing else to do.
  process.channel?.unref();
}

const askPrimary = (what: 'metrics' | 'ready') => {
  listen();
  return ask((message) => process.send!(message, undefined, undefined, () => {}), what, groupAnswerMs);
};

/** In a worker: the metrics of every worker, added up by the primary; null outside workers, or when it could not gather them. */
export function groupMetrics(): Promise<string | null> | null {
  return cluster.isWorker ? (askPrimary('metrics') as Promise<string | null>) : null;
}

/** In a worker: every worker's checks (null for one that did not answer in time; one null when the primary did not); null outside workers. */
export function groupReadiness(): Promise<(Checks | null)[]> | null {
  return cluster.isWorker ? askPrimary('ready').then((every) => ((every ?? [null]) as (Checks | undefined | null)[]).map((checks) => checks ?? null)) : null;
}
