/**
 * How GraphiQL's page (src/plugins/graphiql/app.js) reads the operations of the editor's text, to
 * send the operation the user picked even when GraphiQL 3 hands it the previous tab's name: the
 * function itself, taken from the page's script, on documents a user may write.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const script = readFileSync(new URL('../../src/plugins/graphiql/app.js', import.meta.url), 'utf8');
const body = script.slice(script.indexOf('  function operationsIn(text)'), script.indexOf('  function fetcher(params'));
const operationsIn = new Function(`${body}; return operationsIn;`)() as (text: string) => { type: string; name?: string }[];
const read = (text: string) => operationsIn(text).map(({ type, name }) => [type, name ?? null]);

describe("the GraphiQL page's reading of the editor's operations", () => {
  it.each([
    ['two on one line', 'query A { a } query B { b }', [['query', 'A'], ['query', 'B']]],
    ['a name on the next line', 'query A { a }\n\nsubscription\n  S { x }', [['query', 'A'], ['subscription', 'S']]],
    ['a mutation beside a query', 'mutation DeleteAll { x } query List { y }', [['mutation', 'DeleteAll'], ['query', 'List']]],
    ['the shorthand query', '{ chatrooms { nodes { id } } }', [['query', null]]],
    ['an anonymous one with variables', 'query($id: ID!) { chatroom(id: $id) { id } }', [['query', null]]],
    ['keywords in comments, strings and selections', '# query Fake { x }\nquery Real($s: String = "query X {") { a(s: "}") { query } }', [['query', 'Real']]],
    ['a block string', 'query Q { a(s: """ { query Z } """) }', [['query', 'Q']]],
    ['a fragment', 'fragment F on Chatroom { id } query Q { ...F }', [['query', 'Q']]],
  ])('finds %s', (_, text, expected) => {
    expect(read(text)).toEqual(expected);
  });
});
