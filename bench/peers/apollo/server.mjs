// The usual alternative, written the way Apollo's docs show: Apollo Server 4 with a
// RESTDataSource created per request, one upstream call per room (no batching).
// It serves the fields the benchmark scenarios use, with the gateway's schema.
import { readFileSync } from 'node:fs';
import { RESTDataSource } from '@apollo/datasource-rest';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

const env = process.env;
const base = `${env.EASEMOB_BASE_URL}/${env.EASEMOB_ORG}/${env.EASEMOB_APP}/`;

async function appToken() {
  const res = await fetch(`${base}token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: env.EASEMOB_CLIENT_ID, client_secret: env.EASEMOB_CLIENT_SECRET }),
  });
  return (await res.json()).access_token;
}
const token = await appToken();

class EasemobAPI extends RESTDataSource {
  baseURL = base;
  willSendRequest(_path, request) {
    request.headers.authorization = `Bearer ${token}`;
  }
  async listChatrooms(limit, cursor) {
    return this.get('chatrooms', { params: cursor ? { limit: String(limit), cursor } : { limit: String(limit) } });
  }
  async getChatroom(id) {
    const { data } = await this.get(`chatrooms/${encodeURIComponent(id)}`);
    return Array.isArray(data) ? data[0] : data;
  }
  async joinedChatrooms(username, pagesize) {
    const { data } = await this.get(`users/${encodeURIComponent(username)}/joined_chatrooms`, {
      params: { pagenum: '1', pagesize: String(pagesize) },
    });
    return data;
  }
}

// A room from chatroom(id) is already a detail; a list row is fetched, once per room.
const detail = (field) => async (room, _args, { dataSources }) =>
  field('maxusers' in room ? room : await dataSources.easemob.getChatroom(room.id));
const members = (d) => d.affiliations.filter((a) => a.member).map((a) => ({ username: a.member }));
const connection = (rows, cursor) => ({
  edges: rows.map((node) => ({ cursor: node.id, node })),
  nodes: rows,
  pageInfo: { hasNextPage: Boolean(cursor), endCursor: cursor ?? null },
});

const resolvers = {
  Query: {
    chatroom: (_, { id }, { dataSources }) => dataSources.easemob.getChatroom(id),
    chatrooms: async (_, { first, after }, { dataSources }) => {
      const res = await dataSources.easemob.listChatrooms(first ?? 20, after);
      return connection(res.data, res.cursor);
    },
    user: (_, { username }) => ({ username }),
  },
  User: {
    joinedChatrooms: async ({ username }, { first }, { dataSources }) =>
      connection(await dataSources.easemob.joinedChatrooms(username, first ?? 20)),
  },
  Chatroom: {
    name: (room) => room.name,
    description: detail((d) => d.description),
    maxUsers: detail((d) => d.maxusers),
    affiliationsCount: (room, args, ctx) => room.affiliations_count ?? detail((d) => d.affiliations_count)(room, args, ctx),
    owner: (room, args, ctx) => (room.owner ? { username: room.owner } : detail((d) => ({ username: d.owner }))(room, args, ctx)),
    members: detail(members),
    membersOnly: detail((d) => d.membersonly),
    allowInvites: detail((d) => d.allowinvites),
    public: detail((d) => d.public),
  },
};

const server = new ApolloServer({
  typeDefs: readFileSync(new URL('../../../schema.graphql', import.meta.url), 'utf8'),
  resolvers,
});
const { url } = await startStandaloneServer(server, {
  listen: { port: Number(env.PORT ?? 0), host: '127.0.0.1' },
  // A data source per request, as the docs show.
  context: async () => ({ dataSources: { easemob: new EasemobAPI() } }),
});
console.log(`Apollo peer on ${url}`);
