// The upstream calls both floors make: undici's request on a keep-alive pool, as the gateway
// makes them, with the app token fetched once.
import { Agent, request } from 'undici';

const env = process.env;
const base = `${env.EASEMOB_BASE_URL}/${env.EASEMOB_ORG}/${env.EASEMOB_APP}/`;
const agent = new Agent({ connections: 128, keepAliveTimeout: 30_000 });

const tokenAnswer = await request(`${base}token`, {
  method: 'POST',
  dispatcher: agent,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ grant_type: 'client_credentials', client_id: env.EASEMOB_CLIENT_ID, client_secret: env.EASEMOB_CLIENT_SECRET }),
});
const headers = { authorization: `Bearer ${(await tokenAnswer.body.json()).access_token}` };
export const get = async (path) => (await request(`${base}${path}`, { dispatcher: agent, headers })).body.json();

export const room = (d) => ({
  id: d.id,
  name: d.name,
  description: d.description,
  maxUsers: d.maxusers,
  members: d.affiliations.filter((a) => a.member).map((a) => ({ username: a.member })),
});

