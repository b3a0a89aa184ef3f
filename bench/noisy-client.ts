/** The noisy caller of bench/noisy-neighbour.ts, in its own process: `noisy-client URL SECONDS`. */
const [url, seconds] = [process.argv[2]!, Number(process.argv[3])];
const until = Date.now() + seconds * 1000;
let sent = 0;
let refused = 0;
await Promise.all(
  Array.from({ length: 20 }, async () => {
    while (Date.now() < until) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer noisy' },
        body: JSON.stringify({ query: 'query($id: ID!) { chatroom(id: $id) { name } }', variables: { id: process.argv[4] } }),
      });
      await res.arrayBuffer();
      sent++;
      if (res.status === 429) refused++;
    }
  }),
);
console.log(JSON.stringify({ sent, refused }));
