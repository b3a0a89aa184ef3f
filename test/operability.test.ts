/** Health, readiness, metrics, logs, GraphiQL and the example client, on the running gateway. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { execute } from '../examples/client.js';
import { RoomsDocument } from '../examples/gql/graphql.js';
import { graphiqlConfig } from '../src/plugins/graphiql/index.js';
import { createLogger } from '../src/logging.js';
import { waitFor } from './entry-point.js';
import { subscribeSse } from './sse.js';
import { hs256, jwtWithSecret } from './identity.js';
import { examplesManifest, manyClients, type Stack, useStack } from './stack.js';

// A stack each: metrics and logs are read whole, and most tests set the gateway up their own way.
const stacks = useStack();
const base = (s: Stack) => s.url.replace(/\/graphql$/, '');

describe('health and readiness', () => {
  it('answers /health while alive and /ready when the upstream can be used', async () => {
    const s = await stacks.start();
    expect((await fetch(`${base(s)}/health`)).status).toBe(200);
    const ready = await fetch(`${base(s)}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      ready: true,
      checks: { config: true, upstreamReachable: true, tokenObtainable: true, pacingQueueNotSaturated: true },
    });
  });

  it('is not ready when no token can be had, and says which check failed', async () => {
    const s = await stacks.start({ clientSecret: 'wrong' });
    const ready = await fetch(`${base(s)}/ready`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { checks: Record<string, boolean> };
    expect(body.checks.tokenObtainable).toBe(false);
    expect(JSON.stringify(body)).not.toContain('wrong');
  });
});

describe('metrics', () => {
  it('serves Prometheus metrics for operations, upstream calls, batches, tokens and pacing', async () => {
    const s = await stacks.start({ persisted: examplesManifest(), apiKeys: ['metrics-key'], allowAnonymous: true });
    await execute(s.url, RoomsDocument, { first: 3 });
    await s.gql('query Broken { chatroom(id: "1") { name } }', undefined, { authorization: 'Bearer metrics-key' });
    await s.gql('{ chatrooms(first: 5) { nodes { description } } }');
    const res = await fetch(`${base(s)}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('graphql_operations_total{operation="Rooms",type="query",outcome="ok"} 1');
    expect(text).toContain('graphql_operations_total{operation="Broken",type="query",outcome="error"} 1');
    expect(text).toMatch(/graphql_operation_duration_seconds_count\{operation="Rooms",type="query"\} 1/);
    expect(text).toContain('easemob_upstream_calls_total{endpoint="GET /chatrooms",status="200"} 2');
    expect(text).toContain('easemob_upstream_calls_total{endpoint="GET /chatrooms/{ids}",status="404"} 1');
    expect(text).toContain('easemob_token_fetches_total{outcome="ok"} 1');
    expect(text).toMatch(/easemob_detail_batch_size_bucket\{le="5"\} 2/);
    expect(text).toContain('easemob_pacer_queue_depth 0');
    expect(text).toContain('easemob_pacer_wait_seconds_count');
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('labels operations by name only for trusted documents and API keys: a caller cannot fill the labels with junk (issue 20)', async () => {
    const s = await stacks.start({ persisted: examplesManifest(), apiKeys: ['metrics-key'], allowAnonymous: true, security: manyClients });
    for (let i = 0; i < 250; i++) await s.gql(`query Junk${i} { __typename }`);
    await s.gql('query Rooms { chatrooms(first: 1) { nodes { id } } }'); // the name of a trusted document, sent as text
    await s.gql('query Backend { __typename }', undefined, { authorization: 'Bearer metrics-key' });
    const text = await (await fetch(`${base(s)}/metrics`)).text();
    expect(text).not.toMatch(/operation="Junk/);
    expect(text).toContain('graphql_operations_total{operation="other",type="query",outcome="ok"} 250');
    expect(text).toContain('graphql_operations_total{operation="Rooms",type="query",outcome="ok"} 1');
    expect(text).toContain('graphql_operations_total{operation="Backend",type="query",outcome="ok"} 1');
  });
});

describe('what a request cost (issue 23, 5)', () => {
  const Rooms = '{ chatrooms(first: 3) { nodes { id name description } } }';

  it('is in every answer\'s Server-Timing, and with x-gateway-cost: 1 in its extensions: its price and the calls it made', async () => {
    const s = await stacks.start({ security: { corsOrigins: ['https://app.example.com'] } });
    await s.gql(Rooms); // the app token, fetched once, is no operation's call
    const asked = await s.counting(() =>
      fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-gateway-cost': '1', origin: 'https://app.example.com' }, body: JSON.stringify({ query: Rooms }) }),
    );
    const res = asked.result;
    const body = (await res.json()) as { extensions?: { cost?: { price: number; calls: number; upstreamMs: number } } };
    // The list, then the detail of its three rooms in one batch.
    expect(asked.calls.map((c) => c.method)).toEqual(['GET', 'GET']);
    expect(body.extensions?.cost).toEqual({ price: 2, calls: 2, upstreamMs: expect.any(Number) });
    expect(body.extensions!.cost!.upstreamMs).toBeGreaterThan(0);
    const timing = res.headers.get('server-timing')!;
    expect(timing).toMatch(/^total;dur=[\d.]+, upstream;dur=[\d.]+, upstream-calls;desc="2"$/);
    const [total, upstream] = [...timing.matchAll(/dur=([\d.]+)/g)].map((m) => Number(m[1]));
    expect(upstream).toBeLessThanOrEqual(total!);
    // Browser code on an allowed origin may read it, and send the header that asks for the rest.
    expect(res.headers.get('access-control-expose-headers')).toContain('server-timing');
    const preflight = await fetch(s.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-gateway-cost' },
    });
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-gateway-cost');
    // Not asked: no extensions.
    const plain = await s.gql(Rooms);
    expect((plain.body as { extensions?: unknown }).extensions).toBeUndefined();
  });
});

describe('logs', () => {
  it('writes one JSON line per operation, with no secret, token or key in any line', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const s = await stacks.start({ apiKeys: ['log-key-123456'], logger: createLogger('debug', sink) });
    const headers = { authorization: 'Bearer log-key-123456' };
    await s.gql('query Named { chatrooms(first: 2) { nodes { name description } } }', undefined, headers);
    await s.gql('{ chatroom(id: "1") { name } }', undefined, headers);
    await s.gql('{ chatrooms { nodes { id } } }', undefined, { authorization: 'Bearer wrong-key' });
    const operations = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'operation');
    expect(operations).toHaveLength(2); // the refused one never executed
    expect(operations[0]).toMatchObject({ operation: 'Named', type: 'query', outcome: 'ok', upstreamCalls: 2, level: 30 });
    expect(operations[0].requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(operations[0].durationMs).toBeGreaterThan(0);
    expect(operations[1]).toMatchObject({ operation: null, outcome: 'error', codes: ['NOT_FOUND'], upstreamCalls: 1 });
    const all = lines.join('\n');
    for (const secret of ['log-key-123456', 'wrong-key', s.emulator.clientSecret, 'YWMt']) expect(all).not.toContain(secret);
  });
});

describe('GraphiQL', () => {
  const page = async (s: Stack) => (await fetch(s.url, { headers: { accept: 'text/html' } })).text();
  /** What the page opens GraphiQL with. */
  const configOf = (html: string) => JSON.parse(/id="graphiql-config">(.*?)<\/script>/s.exec(html)![1]!) as { headers: string; tabs: { query: string }[] };

  it('is served with all its assets from the gateway, the examples one tab away', async () => {
    const html = await page(await stacks.start());
    expect(html).toContain('<title>Easemob chatrooms</title>');
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/); // nothing loaded from elsewhere
    const config = configOf(html);
    expect(config.tabs.map((t) => /^(?:#.*\n)*(query|mutation) (\w+)/.exec(t.query)?.[2])).toEqual(
      expect.arrayContaining(['RoomDetails', 'CreateRoom', 'Viewer']),
    );
    expect(JSON.parse(config.headers)).toEqual({}); // anonymous on loopback: nothing to fill in
  });

  it('prefills the Authorization header where a key is needed', async () => {
    const html = await page(await stacks.start({ apiKeys: ['key-9d8f7e-never-shown'] }));
    expect(JSON.parse(configOf(html).headers)).toEqual({ Authorization: 'Bearer <your gateway API key>' });
    expect(html).not.toContain('key-9d8f7e-never-shown');
  });

  it('opens example tabs that all run, in order, for the demo user they are sent as', async () => {
    // Run back to back, the tabs spend more than the caller's budget for 6 s, as no one clicking through them would.
    const s = await stacks.start({ jwt: jwtWithSecret, security: manyClients });
    const alice = { authorization: `Bearer ${await hs256('alice')}` };
    const { tabs } = graphiqlConfig({ mode: 'service', clientId: 'id', clientSecret: 'secret', apiKeys: [], allowAnonymous: true }, '/graphql');
    expect(tabs.length).toBeGreaterThan(10);
    for (const tab of tabs) {
      const variables = tab.variables ? JSON.parse(tab.variables) : undefined;
      if (/^(?:#.*\n)*subscription /.test(tab.query)) {
        // A subscription tab runs as GraphiQL runs it: a stream, open until stopped.
        const stream = await subscribeSse(s.url, tab.query, variables, alice);
        expect(stream.status, tab.query.slice(0, 60)).toBe(200);
        await waitFor(() => s.gateway.live.stats().subscriptions === 1, () => 'the tab never subscribed');
        expect(stream.results).toEqual([]);
        stream.close();
        continue;
      }
      const { body } = await s.gql(tab.query, variables, alice);
      expect(body.errors, tab.query.slice(0, 60)).toBeUndefined();
    }
  });

  it('can be switched off', async () => {
    const s = await stacks.start({ graphiql: false });
    const res = await fetch(s.url, { headers: { accept: 'text/html' } });
    // Nothing but GraphQL is served here, and GraphQL is not HTML: 406, with nothing in the body.
    expect(res.status).toBe(406);
    expect(await res.text()).toBe('');
  });
});

describe('the typed example client', () => {
  it('runs its typed operation against the gateway, as a trusted document', async () => {
    const s = await stacks.start({ persisted: examplesManifest({ only: true }) });
    const data = await execute(s.url, RoomsDocument, { first: 3 });
    const expected = [...s.emulator.store.rooms.values()].slice(0, 3);
    expect(data.chatrooms!.nodes.map((n) => [n.name, n.owner!.username])).toEqual(expected.map((r) => [r.name, r.owner]));
    expect(data.chatrooms!.pageInfo.hasNextPage).toBe(true);
  });
});
