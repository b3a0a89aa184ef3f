/**
 * Prices an operation in upstream calls before it runs, from the schema's knowledge of
 * what each field costs at Easemob. It is an upper bound: it assumes no de-duplication
 * across aliases and that every detail batch of a nested list goes out on its own.
 *
 *  - chatroom(id): 1 detail call; chatroomsByIds(ids): ⌈ids/100⌉.
 *  - chatrooms(first) and User.joinedChatrooms(first): 1 list call per parent, then, when a
 *    field the list rows lack is asked, ⌈first/100⌉ detail calls per parent.
 *  - Chatroom.members and .affiliations count as `assumedMembers` users each, which
 *    multiplies whatever is nested below them (a member's joinedChatrooms…).
 *  - every mutation field: 1 call, plus 1 detail call if its payload asks for more than id.
 */
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getOperationAST,
  Kind,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { limits } from './easemob/limits.js';
import { pageSize } from './schema/validation.js';

/** Users assumed in a room's members list when pricing what is nested under it. */
export const assumedMembers = 20;

/** What a Chatroom object already knows where it appears, so which fields cost nothing. */
type Source = 'detail' | 'summary' | 'joined' | 'id';
const freeFields: Record<Source, ReadonlySet<string>> = {
  detail: new Set(['id', 'name', 'description', 'maxUsers', 'affiliationsCount', 'owner', 'members', 'affiliations', 'membersOnly', 'allowInvites', 'public', '__typename']),
  summary: new Set(['id', 'name', 'owner', 'affiliationsCount', '__typename']),
  joined: new Set(['id', 'name', '__typename']),
  id: new Set(['id', '__typename']),
};

const batches = (n: number) => Math.ceil(n / limits.detailBatch);

export function estimateUpstreamCalls(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  }
  const operation = getOperationAST(document, operationName);
  if (!operation) return 0;

  /** The fields of a selection set, fragments flattened (each fragment once per set). */
  function fields(set: SelectionSetNode | undefined, seen = new Set<string>()): FieldNode[] {
    if (!set) return [];
    return set.selections.flatMap((s) => {
      if (s.kind === Kind.FIELD) return [s];
      if (s.kind === Kind.INLINE_FRAGMENT) return fields(s.selectionSet, seen);
      if (seen.has(s.name.value)) return [];
      seen.add(s.name.value);
      return fields(fragments.get(s.name.value)?.selectionSet, seen);
    });
  }
  const sub = (field: FieldNode) => fields(field.selectionSet);
  const named = (list: FieldNode[], name: string) => list.filter((f) => f.name.value === name);

  function value(node: ValueNode | undefined): unknown {
    if (!node) return undefined;
    if (node.kind === Kind.VARIABLE) return variables?.[node.name.value];
    if (node.kind === Kind.INT) return Number(node.value);
    if (node.kind === Kind.LIST) return node.values;
    if (node.kind === Kind.NULL) return null;
    return 'value' in node ? node.value : undefined;
  }
  const arg = (field: FieldNode, name: string) => value(field.arguments?.find((a) => a.name.value === name)?.value);
  const first = (field: FieldNode) => {
    const n = arg(field, 'first');
    return typeof n === 'number' ? n : pageSize.default;
  };

  /** Calls for `count` Chatroom objects under each of `parents` parents. */
  function chatrooms(selection: FieldNode[], source: Source, count: number, parents: number): number {
    const needsDetail = selection.some((f) => !freeFields[source].has(f.name.value));
    let calls = needsDetail ? parents * batches(count) : 0;
    const each = parents * count;
    for (const f of named(selection, 'owner')) calls += users(sub(f), each);
    for (const f of named(selection, 'members')) calls += users(sub(f), each * assumedMembers);
    for (const f of named(selection, 'affiliations')) {
      for (const u of named(sub(f), 'user')) calls += users(sub(u), each * (assumedMembers + 1));
    }
    return calls;
  }

  function connection(selection: FieldNode[], source: Source, size: number, parents: number): number {
    const rooms = [
      ...named(selection, 'nodes').flatMap(sub),
      ...named(selection, 'edges').flatMap((e) => named(sub(e), 'node').flatMap(sub)),
    ];
    return chatrooms(rooms, source, size, parents);
  }

  function users(selection: FieldNode[], count: number): number {
    return named(selection, 'joinedChatrooms').reduce(
      (calls, f) => calls + count + connection(sub(f), 'joined', first(f), count),
      0,
    );
  }

  const root = fields(operation.selectionSet);
  if (operation.operation === 'mutation') {
    return root.reduce((calls, f) => {
      const payload = sub(f);
      return calls + 1 + named(payload, 'chatroom').reduce((c, p) => c + chatrooms(sub(p), 'id', 1, 1), 0);
    }, 0);
  }
  return root.reduce((calls, f) => {
    switch (f.name.value) {
      case 'chatroom':
        return calls + 1 + chatrooms(sub(f), 'detail', 1, 1);
      case 'chatroomsByIds': {
        const ids = arg(f, 'ids');
        const n = Array.isArray(ids) ? ids.length : 1;
        return calls + batches(n) + chatrooms(sub(f), 'detail', n, 1);
      }
      case 'chatrooms':
        return calls + 1 + connection(sub(f), 'summary', first(f), 1);
      case 'user':
        return calls + users(sub(f), 1);
      default:
        return calls; // introspection costs nothing upstream
    }
  }, 0);
}
