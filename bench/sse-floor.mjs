// What holding one idle SSE response costs the server's heap, below the gateway: Node's HTTP server
// alone, and whatwg-node's adapter (what graphql-yoga serves through) with a ReadableStream body.
// The 2,000 clients are another process (bench/sse-floor-client.mjs), so only the server is weighed.
// Run: node --expose-gc bench/sse-floor.mjs node|whatwg-node
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { createServerAdapter } from '@whatwg-node/server';

const mode = process.argv[2] ?? 'node';
const count = 2_000;
const comment = ':\n\n';
const server =
  mode === 'node'
    ? createServer((req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(comment);
      })
    : createServer(
        createServerAdapter(
          () => new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode(comment)) }), { headers: { 'content-type': 'text/event-stream' } }),
        ),
      );
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
globalThis.gc();
const before = process.memoryUsage().heapUsed;
const clients = fork(new URL('./sse-floor-client.mjs', import.meta.url), [`http://127.0.0.1:${server.address().port}/`, String(count)]);
await new Promise((resolve) => clients.once('message', resolve));
await new Promise((resolve) => setTimeout(resolve, 300));
globalThis.gc();
globalThis.gc();
console.log(`${mode}: ${((process.memoryUsage().heapUsed - before) / count / 1024).toFixed(1)} KB of heap per idle SSE response held (${count})`);
clients.kill();
process.exit(0);
