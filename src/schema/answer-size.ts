/**
 * Bounds the size of an answer, whatever Easemob sends. Every list an operation resolves is
 * charged its length times the values each item carries (the fields selected under it)
 * against the operation's allowance (`GATEWAY_MAX_ANSWER_VALUES`). A list that may be null
 * and would go past the allowance is cut: null, with one QUERY_TOO_EXPENSIVE error for the
 * whole list, never one per item; once the allowance is spent, such a list is refused before
 * its resolver runs. A list that cannot be null (a page of at most 100, a mutation's
 * results) is bounded by the caller's own arguments: it is charged, never cut, so that a
 * write is never answered as failed.
 *
 * Lists whose length Easemob decides (a room's members, admins, mutes, block and allow
 * lists: 10,000 members by default, more on request, or anything a broken upstream sends)
 * are why: a room of 10,000 members asked for under many rooms or aliases once made answers
 * of millions of values, and the process ran out of memory.
 */
import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { type FragmentDefinitionNode, type GraphQLFieldResolver, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import type { AnswerAllowance, Context } from '../context.js';
import { say } from '../error-codes.js';

const tooLarge = (limit: number, items?: number) =>
  createGraphQLError(
    say(
      'QUERY_TOO_EXPENSIVE',
      `the answer would hold more than ${limit} values, so ${items === undefined ? 'this list is' : `this list of ${items} items is`} left out. ` +
        "Ask for fewer rooms or fields, or page through a room's memberList.",
    ),
    { extensions: { code: 'QUERY_TOO_EXPENSIVE', maxAnswerValues: limit } },
  );

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

export class PothosAnswerSizePlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (fieldConfig.type.kind !== 'List') return resolver;
    const cuttable = fieldConfig.type.nullable;
    const charge = (list: unknown, answer: AnswerAllowance, info: GraphQLResolveInfo) => {
      if (!Array.isArray(list)) return list;
      const values = list.length * itemWeight(info);
      if (cuttable && values > answer.left) {
        answer.left = 0;
        throw tooLarge(answer.limit, list.length);
      }
      answer.left -= values;
      return list;
    };
    return (parent, args, context, info) => {
      const { answer } = context as Context;
      if (cuttable && answer.left <= 0) throw tooLarge(answer.limit);
      const list = resolver(parent, args, context, info);
      return list instanceof Promise ? list.then((l) => charge(l, answer, info)) : charge(list, answer, info);
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
