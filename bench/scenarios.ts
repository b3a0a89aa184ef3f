/** The operations the benchmark drives, and the fewest upstream calls each can cost. */
export interface Scenario {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  /** Upstream calls one operation needs at the least, without sharing across requests. */
  minCalls: number;
  /** Variables of each request in turn, when requests should differ. */
  variants?: Record<string, unknown>[];
  /** Upstream latency for this scenario, when it differs from the default. */
  latencyMs?: number;
}

/** The first demo room's id, stable because the emulator's ids are. */
export const firstRoomId = '1432259622444162';

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
];
