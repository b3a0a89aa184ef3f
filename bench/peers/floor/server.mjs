// Not a peer: the floor under any Node.js gateway on this machine. A bare node:http server that
// answers the two "honest" scenarios (randomRoom, randomPage50) by making the same upstream calls
// the gateway makes (undici's request on a keep-alive pool, as the gateway does) and writing the
// same JSON, with no GraphQL at all: no parse, no validation, no schema, no plugins, no security.
// It reads only the variables it needs, and nothing else of the request. What it costs per
// operation is what Node itself costs for the HTTP in, the HTTP out and the JSON both ways.
import { createServer } from 'node:http';
import { get, room } from './upstream.mjs';

async function answer(body) {
  const { query, variables } = JSON.parse(body);
  if (query.includes('__typename')) return { data: { __typename: 'Query' } };
  if (variables && 'id' in variables) {
    const { data } = await get(`chatrooms/${encodeURIComponent(variables.id)}`);
    return { data: { chatroom: room(data[0]) } };
  }
  const cursor = variables?.after ? `&cursor=${encodeURIComponent(variables.after)}` : '';
  const list = await get(`chatrooms?limit=50${cursor}`);
  const { data } = await get(`chatrooms/${list.data.map((r) => r.id).join(',')}`);
  return { data: { chatrooms: { nodes: data.map(room) } } };
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    answer(Buffer.concat(chunks).toString()).then(
      (result) => {
        const text = JSON.stringify(result);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
      },
      () => res.writeHead(502).end(),
    );
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => console.log(`Node floor on http://127.0.0.1:${server.address().port}/graphql`));
