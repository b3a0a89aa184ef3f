/**
 * Chatroom.viewerCan, viewerRole and User.isAppAdmin (issue 23, 1): a UI shows only what will
 * work. Each flag is checked against what its mutation then does, for every kind of caller: the
 * owner, an admin of the room, a member, an outsider, an anonymous caller, an admin of the app
 * and an API key, on an open room and on a members-only one.
 */
import { describe, expect, it } from 'vitest';
import { castStack, useCast, type Who } from './cast.js';
import { codes, manyClients, useStack } from './stack.js';

const stacks = useStack({ ...castStack, security: manyClients });
const as = useCast();

/** alice owns it; bob is its admin, carol a plain member; dave is outside. */
function room(membersOnly = false) {
  const { store } = stacks.shared.emulator;
  const r = store.create({ name: 'Permissions', description: '', maxusers: 100, owner: 'alice', members: ['bob', 'carol'] });
  store.addAdmin(r.id, 'bob');
  r.membersonly = membersOnly;
  r.public = true;
  return r;
}

const usernameOf: Partial<Record<Who, string>> = { alice: 'alice', bob: 'bob', carol: 'carol', dave: 'dave', admin: 'root' };

type Flag = 'update' | 'delete' | 'moderate' | 'manageAdmins' | 'transferOwnership' | 'addMembers' | 'join' | 'leave';

/** The mutation each flag stands for, as `who` would send it; none where the caller has no self to add or remove. */
const mutations: Record<Flag, (who: Who) => string | undefined> = {
  update: () => 'mutation($id: ID!) { updateChatroom(input: { id: $id, name: "Renamed" }) { chatroom { id } } }',
  delete: () => 'mutation($id: ID!) { deleteChatroom(input: { id: $id }) { success } }',
  moderate: () => 'mutation($id: ID!) { setChatroomAnnouncement(input: { id: $id, announcement: "hi" }) { chatroom { id } } }',
  manageAdmins: () => 'mutation($id: ID!) { addChatroomAdmin(input: { id: $id, username: "carol" }) { chatroom { id } } }',
  transferOwnership: () => 'mutation($id: ID!) { transferChatroomOwnership(input: { id: $id, newOwner: "carol" }) { chatroom { id } } }',
  addMembers: () => 'mutation($id: ID!) { addChatroomMembers(input: { id: $id, usernames: ["grace"] }) { results { ok } } }',
  join: (who) => usernameOf[who] && `mutation($id: ID!) { addChatroomMembers(input: { id: $id, usernames: ["${usernameOf[who]}"] }) { results { ok } } }`,
  leave: (who) => usernameOf[who] && `mutation($id: ID!) { removeChatroomMembers(input: { id: $id, usernames: ["${usernameOf[who]}"] }) { results { ok } } }`,
};
const flags = Object.keys(mutations) as Flag[];

const Can = `query($id: ID!) { chatroom(id: $id) { viewerRole viewerCan { ${flags.join(' ')} } } viewer { username isAppAdmin } }`;

async function ask(who: Who, query: string, id: string) {
  const { body } = await stacks.shared.gql(query, { id }, as(who));
  return body as { data?: Record<string, any> | null; errors?: { extensions?: { code?: string } }[] };
}

const callers: Who[] = ['alice', 'bob', 'carol', 'dave', 'anonymous', 'admin', 'key'];

describe('Chatroom.viewerCan', () => {
  it.each(callers.flatMap((who) => [false, true].map((membersOnly) => [who, membersOnly] as const)))(
    'is, for %s (members-only: %s), what each mutation then does',
    async (who, membersOnly) => {
      for (const flag of flags) {
        // A room for each flag: what one mutation does (deleting it, handing it over) is no other's business.
        const { id } = room(membersOnly);
        const asked = await ask(who, Can, id);
        expect(asked.errors).toBeUndefined();
        const can = (asked.data!.chatroom as { viewerCan: Record<Flag, boolean> }).viewerCan[flag];
        const mutation = mutations[flag](who);
        if (mutation === undefined) {
          // No self to add or remove: nothing to run, and nothing allowed.
          expect(can, `${flag} for ${who}`).toBe(false);
          continue;
        }
        const refused = codes((await ask(who, mutation, id)) as never).some((code) => code === 'FORBIDDEN' || code === 'UNAUTHENTICATED');
        expect(can, `${flag} for ${who}`).toBe(!refused);
      }
    },
  );

  it('reads what the rules read, once per operation, whichever flags are asked; nothing more for an admin of the app', async () => {
    const { id } = room();
    const { result, calls } = await stacks.shared.counting(() => stacks.shared.gql(Can, { id }, as('carol')));
    expect(result.body.errors).toBeUndefined();
    expect(calls.map((c) => `${c.method} ${c.path.replace(id, '{id}')}`).sort()).toEqual(['GET /chatrooms/{id}', 'GET /chatrooms/{id}/admin']);
    const admin = await stacks.shared.counting(() => stacks.shared.gql(`query($id: ID!) { chatroom(id: $id) { viewerCan { ${flags.join(' ')} } } }`, { id }, as('admin')));
    // The room's own detail (chatroom(id) reads it whatever is asked), and nothing for the flags.
    expect(admin.calls.map((c) => `${c.method} ${c.path.replace(id, '{id}')}`)).toEqual(['GET /chatrooms/{id}']);
  });
});

describe('viewerRole and isAppAdmin', () => {
  it.each([
    ['alice', 'OWNER', false],
    ['bob', 'ADMIN', false],
    ['carol', 'MEMBER', false],
    ['dave', null, false],
    ['admin', null, true],
  ] as const)('tell %s their role (%s) and whether they are an admin of the app (%s)', async (who, role, appAdmin) => {
    const { id } = room();
    const { data } = await ask(who, Can, id);
    expect(data!.chatroom.viewerRole).toBe(role);
    expect(data!.viewer.isAppAdmin).toBe(appAdmin);
  });

  it('know nothing of others: isAppAdmin is null for anyone but the signed-in user, viewer null for keys and anonymous callers', async () => {
    const { data } = await ask('alice', 'query($id: ID!) { user(username: "bob") { isAppAdmin } chatroom(id: $id) { id } }', room().id);
    expect(data!.user).toEqual({ isAppAdmin: null });
    for (const who of ['key', 'anonymous'] as const) expect((await ask(who, Can, room().id)).data!.viewer).toBeNull();
  });
});
