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

export function runWorkers(count: number): void {
  let stopping = false;
  let failed = false;
  const stopAll = (signal: NodeJS.Signals) => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  for (let i = 0; i < count; i++) cluster.fork();
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
