/**
 * The Kubernetes API schema bundle (schemas.generated.ts, from scripts/generate-kubernetes-schemas.ts)
 * as the validator reads it. Parsed on first use only: a deck without Kubernetes YAML pays
 * nothing but loading the text. The parsed bundle is a constant, shared by every build.
 */
import { kubernetesSchemaJson } from './schemas.generated.js';

/**
 * A type expression: `s` string, `i` integer, `n` number, `b` boolean, `x` integer or string,
 * `q` quantity, `*` anything, `e:A|B` one of those strings, `[T]` a list of T, `{T}` a map of
 * T, `@id` an object type of `types`.
 */
export type TypeExpression = string;

export interface ObjectType {
  /** Field -> its type. */
  readonly p: Readonly<Record<string, TypeExpression>>;
  /** Required fields. */
  readonly r?: readonly string[];
}

export interface SchemaBundle {
  /** The Kubernetes release the schemas are of (`1.33`). */
  readonly kubernetes: string;
  readonly source: string;
  /** Group version (`apps/v1`, `v1`) -> its kinds; a kind's type id is `<group version>/<kind>`. */
  readonly kinds: Readonly<Record<string, readonly string[]>>;
  readonly types: Readonly<Record<string, ObjectType>>;
}

/** A Kubernetes quantity: a number and an optional suffix (apimachinery's resource.Quantity). */
const quantity = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

/** Whether a scalar's value is of a scalar type (`s`, `i`, `n`, `b`, `x`, `q`, `e:A|B`). */
export function fitsScalarType(value: unknown, type: TypeExpression): boolean {
  return type === 's' ? typeof value === 'string'
    : type === 'i' ? Number.isInteger(value)
    : type === 'n' ? typeof value === 'number'
    : type === 'b' ? typeof value === 'boolean'
    : type === 'x' ? Number.isInteger(value) || typeof value === 'string'
    : type === 'q' ? typeof value === 'number' || (typeof value === 'string' && quantity.test(value))
    : typeof value === 'string' && type.slice(2).split('|').includes(value);
}

/**
 * A table's own entry: a manifest's keys are the author's, and `constructor` or `toString` must
 * find nothing, not Object.prototype's members.
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

let parsed: SchemaBundle | undefined;

export function schemaBundle(): SchemaBundle {
  parsed ??= JSON.parse(kubernetesSchemaJson) as SchemaBundle;
  return parsed;
}
