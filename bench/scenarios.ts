/** The operations the benchmark drives, and the fewest upstream calls each can cost. */
import { seedDemo } from '../src/emulator/seed.js';
import { Store } from '../src/emulator/store.js';

export interface Scenario {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  /** Upstream calls one operation needs at the least, without sharing across requests. */
  minCalls: number;
  /** Variables of each request in turn, when requests should differ; `peer`: for the Apollo peer, whose cursors are Easemob's own. */
  variants?: (peer: boolean) => Record<string, unknown>[];
  /** Upstream latency for this scenario, when it differs from the default. */
  latencyMs?: number;
}

/** The first demo room's id, stable because the emulator's ids are. */
export const firstRoomId = '1432259622444162';

/** The bench emulator's 200 rooms (EMULATOR_ROOMS=200), with the same ids: its ids are deterministic. */
const seeded = new Store();
seedDemo(seeded, 200);
const roomIds = [...seeded.rooms.keys()];
/** A page of the app's rooms starting after room `k - 1`: the emulator's cursor, and the gateway's wrapping of it. */
const pageAfter = (k: number, peer: boolean) => {
  if (k === 0) return null;
  const upstream = Buffer.from(`after:${roomIds[k - 1]}`).toString('base64url');
  return peer ? upstream : Buffer.from(JSON.stringify([upstream, 0])).toString('base64url');
};
/** A fixed shuffle, so that consecutive requests ask for unrelated rooms and pages. */
const shuffled = <T>(items: T[]): T[] => items.map((item, i) => ({ item, key: (i * 7919) % items.length })).sort((a, b) => a.key - b.key).map((x) => x.item);

const detailFields = 'id name description maxUsers members { username }';

export const scenarios: Scenario[] = [
  {
    name: 'page50',
    query: '{ chatrooms(first: 50) { nodes { id name description maxUsers members { username } } } }',
    minCalls: 2,
  },
  {
    name: 'hotRoom',
    query: 'query Hot($id: ID!) { chatroom(id: $id) { id name description maxUsers members { username } } }',
    variables: { id: firstRoomId },
    minCalls: 1,
  },
  {
    name: 'joinedDetails',
    query: '{ user(username: "alice") { joinedChatrooms(first: 50) { nodes { id name maxUsers affiliationsCount } } } }',
    minCalls: 2,
  },
  {
    name: 'summaryPage',
    query: '{ chatrooms(first: 50) { nodes { id name owner { username } affiliationsCount } } }',
    minCalls: 1,
    latencyMs: 0,
  },
  {
    // Honest: every request asks for another room, so nothing is shared across requests.
    name: 'randomRoom',
    query: `query Room($id: ID!) { chatroom(id: $id) { ${detailFields} } }`,
    variants: () => shuffled(roomIds).map((id) => ({ id })),
    minCalls: 1,
  },
  {
    // Honest: every request asks for another page of 50 (of 150 starting points).
    name: 'randomPage50',
    query: `query Page($after: String) { chatrooms(first: 50, after: $after) { nodes { ${detailFields} } } }`,
    variants: (peer) => shuffled(Array.from({ length: 150 }, (_, k) => k)).map((k) => ({ after: pageAfter(k, peer) })),
    minCalls: 2,
  },
];
