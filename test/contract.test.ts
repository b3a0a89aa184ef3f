/**
 * One wire contract for both ends. Every fixture in test/fixtures/easemob/ is an Easemob
 * answer in the public docs' shape (each says where its shape comes from): the client's
 * schema for its endpoint parses it, an error maps to the gateway code it names, and the
 * emulator, asked the same thing, answers with the same keys and types.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { type EasemobError, errorForStatus } from '../src/easemob/errors.js';
import { parseExactJson } from '../src/easemob/json.js';
import { described } from '../src/easemob/requests.js';
import * as wire from '../src/easemob/wire.js';
import { createEmulator, type Emulator, type EmulatorOptions, type Fault } from '../src/emulator/server.js';

interface Fixture {
  source: string;
  request: {
    method: string;
    /**
     * `{room}` is a room owned by user1 with member user2; `{missing}` a room that does not exist;
     * `{message}` the message sent last (by `setup`).
     */
    path: string;
    body?: unknown;
    /** `none`: sent without a token. */
    token?: 'none';
    emulator?: EmulatorOptions;
    fault?: Omit<Fault, 'path'>;
    /** Calls made first, with the same placeholders, to bring the room into the state the docs' example shows. */
    setup?: { method: string; path: string; body?: unknown }[];
    /** The users the call named, where the gateway reads the answer by what it says about them. */
    asked?: string[];
  };
  status: number;
  response: unknown;
  /** For error answers: the code the gateway gives them. */
  gatewayCode?: string;
}

const dir = new URL('./fixtures/easemob/', import.meta.url);
const fixtures: [string, Fixture][] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  // Read as the client reads answers that may hold integers past 2^53 (a broadcast's id), exactly.
  .map((f) => [f.replace(/\.json$/, ''), parseExactJson(readFileSync(new URL(f, dir), 'utf8')) as Fixture]);

/** The client's schema for each endpoint it calls, by the fixtures' name prefix. */
const endpoints: Record<string, z.ZodType> = {
  token: wire.tokenResponse,
  list: wire.listResponse,
  detail: wire.detailResponse,
  joined: wire.joinedResponse,
  create: wire.createResponse,
  update: wire.updateResponse,
  delete: wire.deleteResponse,
  'add-members': wire.addMembersResponse,
  'remove-members': wire.removeMembersResponse,
  'member-page': wire.memberPageResponse,
  admins: wire.usernamesResponse,
  'add-admin': wire.addAdminResponse,
  'remove-admin': wire.removeAdminResponse,
  transfer: wire.transferResponse,
  mutes: wire.mutesResponse,
  mute: wire.muteResponse,
  unmute: wire.unmuteResponse,
  'mute-all': wire.muteAllResponse,
  blocked: wire.usernamesResponse,
  block: wire.listChangeResponse,
  unblock: wire.listChangeResponse,
  allowed: wire.usernamesResponse,
  allow: wire.listChangeResponse,
  disallow: wire.listChangeResponse,
  announcement: wire.announcementResponse,
  'set-announcement': wire.setAnnouncementResponse,
  'super-admins': wire.superAdminsResponse,
  'add-super-admin': wire.addSuperAdminResponse,
  'remove-super-admin': wire.removeSuperAdminResponse,
  'attributes-set': wire.setAttributesResponse,
  'attributes-get': wire.attributesResponse,
  'attributes-delete': wire.deleteAttributesResponse,
  'messages-send': wire.sendMessagesResponse,
  'messages-send-users': wire.sendMessagesResponse,
  'messages-broadcast': wire.broadcastResponse,
  'messages-recall': wire.recallResponse,
};
const endpointOf = (name: string) => name.split('.')[0]!;

/** A value's shape: keys and the types under them; for arrays, the set of their elements' shapes. */
function shape(value: unknown): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) return { array: [...new Set(value.map((v) => JSON.stringify(shape(v))))].sort() };
  if (typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, shape((value as Record<string, unknown>)[k])]));
  }
  return typeof value;
}

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** Asks a fresh emulator what the fixture asked, in the state the fixture's placeholders name. */
async function emulatorAnswer({ request }: Fixture): Promise<{ status: number; body: Record<string, unknown> }> {
  emulator = createEmulator({ seed: false, rateLimit: false, ...request.emulator });
  for (const user of ['user1', 'user2', 'user3']) emulator.store.addUser(user);
  const room = emulator.store.create({ name: 'testchatroom1', description: 'test', maxusers: 200, owner: 'user1', members: ['user2'] });
  for (const name of ['testchatroom2', 'testchatroom3']) emulator.store.create({ name, description: '', maxusers: 200, owner: 'user1', members: [] });
  const base = `${await emulator.listen(0, '127.0.0.1')}/${emulator.org}/${emulator.app}`;
  const fill = (text: string) =>
    text
      .replaceAll('{room}', room.id)
      .replaceAll('{missing}', '9999999')
      .replaceAll('{61users}', Array.from({ length: 61 }, (_, i) => `u${i}`).join(','))
      .replaceAll('"{61usernames}"', JSON.stringify(Array.from({ length: 61 }, (_, i) => `u${i}`)))
      // A value one character over what an attribute may hold: the way to have one key of a change fail.
      .replaceAll('{4097 characters}', 'x'.repeat(4097))
      .replaceAll('{message}', emulator!.store.messages.sent.at(-1)?.id ?? '{no message sent}')
      .replaceAll('{clientId}', emulator!.clientId)
      .replaceAll('{clientSecret}', emulator!.clientSecret);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.token !== 'none' && request.path !== '/token' && !request.emulator?.rateLimit) headers.authorization = await adminToken();
  const send = async (call: { method: string; path: string; body?: unknown }, auth: Record<string, string>) => {
    const [path, query] = call.path.split('?');
    const encoded = fill(path!).split('/').map((s) => s.replaceAll(',', '%2C')).join('/');
    return fetch(`${base}${encoded}${query ? `?${query}` : ''}`, {
      method: call.method,
      headers: { ...auth, ...(call.body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: call.body === undefined ? undefined : fill(JSON.stringify(call.body)),
    });
  };
  for (const call of request.setup ?? []) {
    const res = await send(call, { ...headers, authorization: headers.authorization ?? (await adminToken()) });
    expect(res.status, `setup ${call.method} ${call.path}`).toBe(200);
  }
  if (request.fault) emulator.injectFault(request.fault);
  const res = await send(request, headers);
  return { status: res.status, body: parseExactJson(await res.text()) as Record<string, unknown> };

  async function adminToken() {
    const res = await fetch(`${base}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: emulator!.clientId, client_secret: emulator!.clientSecret }),
    });
    return `Bearer ${((await res.json()) as { access_token: string }).access_token}`;
  }
}

describe('fixtures from the public docs', () => {
  it('cover every endpoint the client calls, a success and an error each', () => {
    const answerSchemas = Object.entries(wire).filter(([name]) => name.endsWith('Response')).map(([, schema]) => schema);
    expect(new Set(Object.values(endpoints))).toEqual(new Set(answerSchemas));
    for (const endpoint of Object.keys(endpoints)) {
      const statuses = fixtures.filter(([name]) => endpointOf(name) === endpoint).map(([, f]) => f.status);
      expect(statuses, endpoint).toContain(200);
      expect(statuses.some((s) => s >= 400), endpoint).toBe(true);
    }
  });

  it.each(fixtures)('%s: the client parses it', (name, fixture) => {
    expect(fixture.source.length).toBeGreaterThan(10);
    if (fixture.status < 300) {
      expect(endpoints[endpointOf(name)]!.safeParse(fixture.response).error).toBeUndefined();
      return;
    }
    const body = wire.errorBody.parse(fixture.response);
    const error = errorForStatus(fixture.status, { error: body.error, description: body.error_description });
    // Read by what it says, as the client reads it: which users are not in the room.
    const told = fixture.request.asked ? described(error, { room: '1', users: fixture.request.asked }) : error;
    expect((told as EasemobError).code).toBe(fixture.gatewayCode);
  });

  it.each(fixtures)('%s: the emulator answers the same shape', async (_, fixture) => {
    const answer = await emulatorAnswer(fixture);
    expect(answer.status).toBe(fixture.status);
    const documented = fixture.response as Record<string, unknown>;
    if (fixture.status >= 300 || !('data' in documented)) {
      // Error bodies and bare token answers: the same keys, no more.
      expect(shape(answer.body)).toEqual(shape(documented));
      return;
    }
    // The data exactly; of the envelope, what the docs' example shows (some examples leave the common fields out).
    expect(shape(answer.body.data)).toEqual(shape(documented.data));
    for (const key of Object.keys(documented)) expect(shape(answer.body[key]), key).toEqual(shape(documented[key]));
  });
});
