/**
 * The `upstreamCost` field option: what a field costs at Easemob, declared beside its
 * resolver, its counts typed with the field's arguments (validated, as the resolver gets
 * them) and the request's context. The plugin keeps it in the field's extensions, where the
 * estimator reads it (src/upstream-cost.ts), and the schema does not build while a field
 * could be priced wrong: a root field that does not say how many calls it makes would cost
 * nothing, and a list of objects that does not say how many items it holds would price what
 * is nested in it once instead of once per item.
 */
import SchemaBuilder, {
  BasePlugin,
  type FieldNullability,
  type InputFieldMap,
  type InputShapeFromFields,
  type PothosOutputFieldConfig,
  type PothosOutputFieldType,
  PothosSchemaError,
  type SchemaTypes,
  type TypeParam,
} from '@pothos/core';
import { costExtension, type UpstreamCost } from '../upstream-cost.js';

/** A declared cost whatever its field's arguments and context: the plugin looks at it, never calls it. */
type AnyCost = UpstreamCost<never, never>;

/** The kind of the named type at the bottom of a field's lists. */
const namedKind = <Types extends SchemaTypes>(type: PothosOutputFieldType<Types>): string =>
  type.kind === 'List' ? namedKind(type.type) : type.kind;

/** A fixed count must be one: a whole number, not negative (a computed one is checked each time it is computed). */
const badCount = (count: AnyCost['calls']): boolean =>
  typeof count === 'number' && (!Number.isSafeInteger(count) || count < 0);

/** What is wrong with a field's declared cost, if anything. */
function problemOf<Types extends SchemaTypes>(field: PothosOutputFieldConfig<Types>, cost: AnyCost | undefined) {
  const root = field.kind === 'Query' || field.kind === 'Mutation';
  if (root && cost?.calls === undefined) return 'declares no upstream calls (upstreamCost.calls): it would be priced as free';
  if (field.type.kind === 'List' && namedKind(field.type) === 'Object' && cost?.items === undefined && !cost?.passThrough) {
    return 'is a list of objects that declares no upstreamCost.items: what is nested in it would be priced once, not per item';
  }
  if (badCount(cost?.calls) || badCount(cost?.items)) return 'declares an upstream count that is not a whole number 0 or more';
  return undefined;
}

export class PothosUpstreamCostPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    const cost: AnyCost | undefined = fieldConfig.pothosOptions.upstreamCost;
    const problem = problemOf(fieldConfig, cost);
    if (problem) throw new PothosSchemaError(`${fieldConfig.parentType}.${fieldConfig.name} ${problem}`);
    if (!cost) return fieldConfig;
    return { ...fieldConfig, extensions: { ...fieldConfig.extensions, [costExtension]: cost } };
  }
}

const pluginName = 'upstreamCost';

/** A field's cost, its counts given the field's arguments and the builder's context. */
type FieldCost<Types extends SchemaTypes, Args extends InputFieldMap> =
  UpstreamCost<InputShapeFromFields<Args>, Types['Context']>;

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      upstreamCost: PothosUpstreamCostPlugin<Types>;
    }

    export interface FieldOptions<
      Types extends SchemaTypes = SchemaTypes,
      ParentShape = unknown,
      Type extends TypeParam<Types> = TypeParam<Types>,
      Nullable extends FieldNullability<Type> = FieldNullability<Type>,
      Args extends InputFieldMap = InputFieldMap,
      ResolveShape = unknown,
      ResolveReturnShape = unknown,
    > {
      /** What the field costs at Easemob, beside its resolver (src/upstream-cost.ts prices operations with it). */
      upstreamCost?: FieldCost<Types, Args>;
    }

    // Root fields must say how many calls they make: the compiler asks, and the build checks.
    export interface QueryFieldOptions<
      Types extends SchemaTypes,
      Type extends TypeParam<Types>,
      Nullable extends FieldNullability<Type>,
      Args extends InputFieldMap,
      ResolveReturnShape,
    > {
      upstreamCost: FieldCost<Types, Args> & Required<Pick<FieldCost<Types, Args>, 'calls'>>;
    }

    export interface MutationFieldOptions<
      Types extends SchemaTypes,
      Type extends TypeParam<Types>,
      Nullable extends FieldNullability<Type>,
      Args extends InputFieldMap,
      ResolveReturnShape,
    > {
      upstreamCost: FieldCost<Types, Args> & Required<Pick<FieldCost<Types, Args>, 'calls'>>;
    }
  }
}

SchemaBuilder.registerPlugin(pluginName, PothosUpstreamCostPlugin);

export default pluginName;
