/**
 * Prices an operation in upstream calls before it runs. What each field costs is declared
 * on the field, beside its resolver (the `upstreamCost` field option, which
 * src/schema/upstream-cost-plugin.ts keeps in the field's extensions); this module only
 * walks the operation as graphql will execute it — fragments merged, @skip/@include applied,
 * variables coerced with their defaults — and adds the declarations up.
 *
 * Each field's arguments go through the field's own input rules first (Pothos's argument
 * mappers, where @pothos/plugin-validation runs), so a price is never computed from an
 * argument the resolver would refuse: every invalid argument is reported, and the operation
 * touches nothing.
 *
 * The estimate is an upper bound: aliases are priced separately and each group of rooms is
 * assumed to need its own detail batches. Where a list's length is not the caller's to choose
 * (a room's members), an assumed length is priced and the run-time allowance holds the
 * operation to the price (src/context.ts).
 */
import { getMappedArgumentValues } from '@pothos/core';
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  GraphQLError,
  type GraphQLObjectType,
  type GraphQLSchema,
  isAbstractType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
} from 'graphql';
import { InvalidArguments } from './error-codes.js';
// graphql's own field collection, the one execute() uses: merging, fragments, @skip/@include.
import { collectFields, collectSubfields } from 'graphql/execution/collectFields.js';

/**
 * Which fields a room row already holds. `detail` rows hold everything; rows from a list
 * (`summary`), from a user's rooms (`joined`), or a bare id after a write (`id`) hold less,
 * and asking for anything else costs a batched detail fetch.
 */
export type Rows = 'detail' | 'summary' | 'joined' | 'id';

/** What a count may depend on besides the field's (validated) arguments. */
export interface CountEnv<Context extends object = object> {
  /** What fetching the details of n rooms costs: ⌈n / 100⌉ batched. */
  detailCalls: (rooms: number) => number;
  /** The operation's context: who is calling may change what a field costs (a rule reading the room first). */
  context: Context;
}

/** A count, fixed or computed from the field's validated arguments (as its resolver gets them) and the context. */
export type Count<Args = Record<string, unknown>, Context extends object = object> =
  | number
  | ((args: Args, env: CountEnv<Context>) => number);

/** What a field costs at Easemob. Every field of Query and Mutation declares one, with `calls`. */
export interface UpstreamCost<Args = Record<string, unknown>, Context extends object = object> {
  /** Upstream calls the field makes for each parent object (default 0). */
  calls?: Count<Args, Context>;
  /** A list: most items per parent object; what is nested below is priced once per item. */
  items?: Count<Args, Context>;
  /** A list or object that is the parent's own items again: a connection's edges or nodes, an edge's node. */
  passThrough?: true;
  /** The room rows the field yields. */
  rows?: Rows;
  /** A room field: the kinds of rows that already hold it. Without it, the field needs the detail. */
  inRows?: readonly Exclude<Rows, 'detail'>[];
}

/** `inRows` of a room field that reads nothing of the detail (it has an upstream call of its own): any row will do. */
export const anyRow: readonly Exclude<Rows, 'detail'>[] = ['summary', 'joined', 'id'];

/** The field extension that holds a field's declared cost: the plugin writes it, `costOf` reads it. */
export const costExtension = 'upstreamCost';
const rowsKey = 'upstreamRows';

/** Type extensions of the room type: its objects come as rows, and fields a row lacks cost a detail fetch. */
export const comesAsRows = { [rowsKey]: true };

type Field = ReturnType<GraphQLObjectType['getFields']>[string];

/** A field's declared cost, its arguments and context seen as the estimator passes them. */
export const costOf = (field: Field): UpstreamCost | undefined =>
  field.extensions?.[costExtension] as UpstreamCost | undefined;

/** How many objects the fields of a selection set are asked of: `groups` lists of `size` each. */
interface Scope {
  groups: number;
  size: number;
  rows?: Rows;
}

export interface EstimateInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  /** Coerced variable values, defaults applied (graphql's getVariableValues). */
  variables: Record<string, unknown>;
  /** Passed to the argument rules. */
  context: object;
  /** Room ids per detail call (1 when batching is off). */
  detailBatch: number;
}

export interface Estimate {
  /** Upstream calls the operation may make at most; a non-negative integer. */
  calls: number;
  /** Arguments that broke their field's rules, each located at its field. */
  invalid: GraphQLError[];
}

export function estimateUpstreamCalls(input: EstimateInput): Estimate {
  const { schema, fragments, variables, context, detailBatch } = input;
  const invalid: GraphQLError[] = [];
  // What the argument mappers read of a resolver's info.
  const info = { schema, fragments, variableValues: variables };
  const detailCalls = (rooms: number) => Math.ceil(rooms / detailBatch);

  /** A declared count, checked: a declaration can never make an estimate negative or fractional. */
  function count(value: Count | undefined, args: Record<string, unknown>, where: string): number {
    const n = typeof value === 'function' ? value(args, { detailCalls, context }) : (value ?? 0);
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`upstream cost of ${where} is ${n}, not a count`);
    return n;
  }

  function selectionSet(type: GraphQLObjectType, fields: Map<string, readonly FieldNode[]>, scope: Scope): number {
    let calls = 0;
    const { rows } = scope;
    if (rows && rows !== 'detail' && type.extensions?.[rowsKey]) {
      const needsDetail = [...fields.values()].some(([node]) => {
        const name = node!.name.value;
        return name !== '__typename' && !costOf(type.getFields()[name]!)?.inRows?.includes(rows);
      });
      if (needsDetail) calls += scope.groups * detailCalls(scope.size);
    }
    for (const nodes of fields.values()) calls += field(type, nodes, scope);
    return calls;
  }

  function field(parent: GraphQLObjectType, nodes: readonly FieldNode[], scope: Scope): number {
    const node = nodes[0]!;
    const name = node.name.value;
    if (name.startsWith('__')) return 0; // introspection asks nothing of Easemob
    const def = parent.getFields()[name]!;
    const where = `${parent.name}.${name}`;
    const cost = costOf(def) ?? {};
    let args: Record<string, unknown> | undefined;
    try {
      const mapped = getMappedArgumentValues(def, node, context, info);
      if (mapped instanceof Promise) throw new Error(`argument rules of ${where} must be synchronous`);
      args = mapped as Record<string, unknown>;
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      for (const each of error instanceof InvalidArguments ? error.each : [error]) {
        invalid.push(new GraphQLError(each.message, { nodes: node, extensions: each.extensions }));
      }
    }
    // With invalid arguments nothing is priced below, but nested arguments are still checked.
    const objects = args ? scope.groups * scope.size : 0;
    const calls = args ? objects * count(cost.calls, args, where) : 0;
    const child: Scope = cost.passThrough
      ? scope
      : cost.items !== undefined
        ? { groups: objects, size: args ? count(cost.items, args, where) : 0, rows: cost.rows }
        : { groups: args ? scope.groups : 0, size: scope.size, rows: cost.rows };
    const type = getNamedType(def.type);
    const runtimeTypes = isObjectType(type) ? [type] : isAbstractType(type) ? schema.getPossibleTypes(type) : [];
    // An abstract type costs what its most expensive possible type costs.
    let nested = 0;
    for (const t of runtimeTypes) {
      nested = Math.max(nested, selectionSet(t, collectSubfields(schema, fragments, variables, t, nodes), child));
    }
    return calls + nested;
  }

  const root = schema.getRootType(input.operation.operation);
  if (!root) return { calls: 0, invalid };
  const fields = collectFields(schema, fragments, variables, root, input.operation.selectionSet);
  return { calls: selectionSet(root, fields, { groups: 1, size: 1 }), invalid };
}

/** The fragments of a document by name, as collectFields wants them. */
export function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = Object.create(null);
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  }
  return fragments;
}
