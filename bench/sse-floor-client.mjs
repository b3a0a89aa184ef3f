// bench/sse-floor.mjs's clients: opens `count` SSE requests to `url`, keeps them open, says when.
import { Agent, request } from 'undici';

const [url, count] = [process.argv[2], Number(process.argv[3])];
const agent = new Agent({ connections: count + 10 });
const open = [];
for (let i = 0; i < count; i++) {
  const res = await request(url, { dispatcher: agent, method: 'POST', body: '{}', headers: { accept: 'text/event-stream', 'content-type': 'application/json' } });
  open.push(res.body);
}
process.send('open');
setInterval(() => open.length, 60_000);
