/**
 * A small typed client: plain fetch plus the documents GraphQL Code Generator typed from
 * examples/operations.graphql. It sends trusted documents: only each document's id
 * (`documentId`, its SHA-256, from examples/gql/persisted-documents.json, the manifest the
 * gateway loads with GATEWAY_PERSISTED_OPERATIONS; `npm start` loads it by default).
 * Run it against a gateway: `npx tsx examples/client.ts [url]`.
 */
import { RoomsDocument, type TypedDocumentString } from './gql/graphql.js';

export class GraphQLRequestError extends Error {
  constructor(readonly errors: { message: string; extensions?: { code?: string } }[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

/** Sends one operation; resolves with its typed data, or rejects with its errors. */
export async function execute<Result, Variables>(
  url: string,
  document: TypedDocumentString<Result, Variables>,
  variables: Variables,
  headers: Record<string, string> = {},
): Promise<Result> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    // A document without a hash (not generated with persistedDocuments) goes as text.
    body: JSON.stringify(document.__meta__?.hash ? { documentId: document.__meta__.hash, variables } : { query: document.toString(), variables }),
  });
  const body = (await res.json()) as { data?: Result | null; errors?: GraphQLRequestError['errors'] };
  if (body.errors?.length || !body.data) throw new GraphQLRequestError(body.errors ?? [{ message: `HTTP ${res.status}` }]);
  return body.data;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.argv[2] ?? 'http://localhost:4000/graphql';
  const data = await execute(url, RoomsDocument, { first: 5 });
  // `data` is typed: data.chatrooms.nodes[0]?.owner.username is a string.
  for (const room of data.chatrooms?.nodes ?? []) console.log(`${room.id}  ${room.name} (owner ${room.owner?.username})`);
}
