/**
 * The HTTP server the gateway listens with: Node's own limits against slow clients, a cap on
 * the connections one address may hold, and a drain for graceful shutdown. The gateway
 * itself (src/gateway.ts) knows nothing of sockets.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { plainRefusal } from './http.js';

export interface ServerOptions {
  /** Open connections one client address may hold; more are closed as they arrive. */
  maxConnectionsPerIp: number;
  /** Time a client has to send a whole request, headers and body; 408 after it. */
  requestTimeoutMs: number;
}

export const defaultServerOptions: Readonly<ServerOptions> = Object.freeze({
  maxConnectionsPerIp: 256,
  requestTimeoutMs: 10_000,
});

export function createGatewayServer(handler: RequestListener, options: ServerOptions) {
  let draining = false;
  const server = createServer(
    {
      requestTimeout: options.requestTimeoutMs,
      headersTimeout: options.requestTimeoutMs,
      // How often Node checks those timeouts (30 s by default).
      connectionsCheckingInterval: Math.min(1_000, options.requestTimeoutMs),
    },
    (req, res) => {
      if (!draining) return handler(req, res);
      // A request on a kept-alive connection after shutdown began: it would outlive the grace period.
      const { status, headers, body } = plainRefusal(503, 'SHUTTING_DOWN', 'this instance is stopping; try again', {
        accept: req.headers.accept,
        retryAfterSeconds: 1,
        headers: { connection: 'close' },
      });
      res.writeHead(status, headers).end(body);
    },
  );

  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const ip = socket.remoteAddress ?? '';
    const count = (open.get(ip) ?? 0) + 1;
    if (count > options.maxConnectionsPerIp) {
      socket.destroy();
      return;
    }
    open.set(ip, count);
    socket.once('close', () => {
      const left = open.get(ip)! - 1;
      if (left) open.set(ip, left);
      else open.delete(ip);
    });
  });

  return {
    server,
    /** Resolves with the bound port once listening. */
    async listen(port: number, host: string): Promise<{ port: number }> {
      await new Promise<void>((resolve) => server.listen(port, host, resolve));
      return { port: (server.address() as AddressInfo).port };
    },
    /**
     * Stops accepting connections and answers new requests 503; responses in flight are
     * sent, then their connections close. After `graceMs` every connection left is closed.
     * Resolves true when that had to happen.
     */
    async drain(graceMs: number): Promise<boolean> {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Node keeps a busy keep-alive connection open after its response; close each as it idles.
      server.closeIdleConnections();
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      const forced = await Promise.race([closed.then(() => false), sleep(graceMs, true, { ref: false })]);
      clearInterval(sweep);
      if (forced) server.closeAllConnections();
      return forced;
    },
    /** Connections open now by client address, for tests. */
    connections: () => Object.fromEntries(open),
  };
}

export type GatewayServer = ReturnType<typeof createGatewayServer>;
