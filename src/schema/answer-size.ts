/**
 * Bounds the size of an answer, whatever Easemob sends. Everything that can make an answer
 * large is charged against the operation's allowance (`GATEWAY_MAX_ANSWER_VALUES`) as it
 * resolves: a list, its length times the values each item carries (the fields selected under
 * it); a text, one value more for every 64 characters past its first 64. The first list or
 * text that may be null and would go past the allowance cuts the answer: it is null, with one
 * QUERY_TOO_EXPENSIVE error, and every list and text that may be null and resolves after it
 * is null too, without an error of its own (a cut answer costs one error, not one per item,
 * per list or per room) and without its resolver even running. What cannot be null (a page of
 * at most 100, a mutation's results, a username) is charged, never cut, so that a write is
 * never answered as failed.
 *
 * Lists and texts whose size Easemob decides are why: a room's members (10,000 by default,
 * more on request), admins, mutes and lists, or an 8 KB `custom`, asked for under many rooms
 * or aliases (or the same room 500 times over), once made answers of millions of values or
 * tens of megabytes, and the process ran out of memory.
 */
import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { type FragmentDefinitionNode, type GraphQLFieldResolver, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import type { Context } from '../context.js';
import type { AnswerAllowance } from '../request-scope.js';
import { say } from '../error-codes.js';

/** Characters one value holds: a longer text counts once more for every this many. */
export const charactersPerValue = 64;

const tooLarge = (limit: number) =>
  createGraphQLError(
    say(
      'QUERY_TOO_EXPENSIVE',
      `the answer would hold more than ${limit} values (a value: a field, or ${charactersPerValue} characters of text), so it is ` +
        'cut here: this field, and every list or text resolved after it, is null. Ask for fewer rooms or fields, or page ' +
        "through a room's memberList.",
    ),
    { extensions: { code: 'QUERY_TOO_EXPENSIVE', maxAnswerValues: limit } },
  );

/** Cuts the answer: the first time, with the error; after that, a quiet null. */
function cut(answer: AnswerAllowance): null {
  if (answer.cut) return null;
  answer.cut = true;
  answer.left = 0;
  throw tooLarge(answer.limit);
}

/** Values one item of a selection carries: each field selected under it, nested objects included (lists nested in it charge their own items). */
const weights = new WeakMap<SelectionSetNode, number>();
function weightOf(selectionSet: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>): number {
  let weight = weights.get(selectionSet);
  if (weight !== undefined) return weight;
  weight = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) weight += 1 + (selection.selectionSet ? weightOf(selection.selectionSet, fragments) : 0);
    else if (selection.kind === Kind.INLINE_FRAGMENT) weight += weightOf(selection.selectionSet, fragments);
    else {
      const fragment = fragments[selection.name.value];
      if (fragment) weight += weightOf(fragment.selectionSet, fragments);
    }
  }
  weights.set(selectionSet, weight);
  return weight;
}

/** Values one item of the list at `info` carries: 1 for a scalar, else its selections' (all of them, when fields were merged). */
function itemWeight(info: GraphQLResolveInfo): number {
  let weight = 0;
  for (const node of info.fieldNodes) weight += node.selectionSet ? weightOf(node.selectionSet, info.fragments) : 1;
  return Math.max(1, weight);
}

/** What a resolved value adds to the answer, in values. */
type Measure = (value: unknown, info: GraphQLResolveInfo) => number;

const listValues: Measure = (value, info) => (Array.isArray(value) ? value.length * itemWeight(info) : 0);
/** A text's first value is counted with the fields of its list item; what it holds past that, here. */
const textValues: Measure = (value) => (typeof value === 'string' ? Math.floor(Math.max(0, value.length - 1) / charactersPerValue) : 0);

export class PothosAnswerSizePlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    const { type } = fieldConfig;
    const scalar = type.kind === 'Scalar' ? this.buildCache.getTypeConfig(type.ref).name : undefined;
    const text = scalar === 'String' || scalar === 'ID';
    if (type.kind !== 'List' && !text) return resolver;
    const measure = text ? textValues : listValues;
    const cuttable = type.nullable;
    const charge = (value: unknown, answer: AnswerAllowance, info: GraphQLResolveInfo) => {
      const values = measure(value, info);
      if (values === 0) return value;
      if (cuttable && values > answer.left) return cut(answer);
      answer.left -= values;
      return value;
    };
    return (parent, args, context, info) => {
      const { answer } = context as Context;
      if (cuttable && answer.cut) return null;
      const value = resolver(parent, args, context, info);
      return value instanceof Promise ? value.then((v) => charge(v, answer, info)) : charge(value, answer, info);
    };
  }
}

const pluginName = 'answerSize';

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      answerSize: PothosAnswerSizePlugin<Types>;
    }
  }
}

SchemaBuilder.registerPlugin(pluginName, PothosAnswerSizePlugin);

export default pluginName;
