// Not a peer: the floor under any gateway built on graphql-yoga. The same upstream calls as the
// Node floor (server.mjs, whose upstream code it shares), answered through yoga with a schema of
// the fields the two honest scenarios ask and nothing else: no plugins, no security, no batching,
// no sharing, no logs, no metrics. What it costs per operation over the Node floor is what
// yoga's HTTP and GraphQL machinery cost.
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';
import { get, room } from './upstream.mjs';

const typeDefs = `
  type User { username: String! }
  type Chatroom { id: ID! name: String description: String maxUsers: Int members: [User!] }
  type ChatroomConnection { nodes: [Chatroom!]! }
  type Query { chatroom(id: ID!): Chatroom chatrooms(first: Int, after: String): ChatroomConnection! }
`;
const resolvers = {
  Query: {
    chatroom: async (_, { id }) => room((await get(`chatrooms/${encodeURIComponent(id)}`)).data[0]),
    chatrooms: async (_, { first, after }) => {
      const list = await get(`chatrooms?limit=${first ?? 20}${after ? `&cursor=${encodeURIComponent(after)}` : ''}`);
      const { data } = await get(`chatrooms/${list.data.map((r) => r.id).join(',')}`);
      return { nodes: data.map(room) };
    },
  },
};
const yoga = createYoga({ schema: createSchema({ typeDefs, resolvers }), logging: false, graphiql: false, maxRequestBodySize: false });
const server = createServer(yoga);
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => console.log(`yoga floor on http://127.0.0.1:${server.address().port}/graphql`));
