import { Static, TSchema, Type } from '@sinclair/typebox';

/*
 * The building blocks of the response schemas, written as OpenAPI 3.0 reads them: "or null" is `nullable` (3.0
 * has no null type), a string enum is `enum` (3.0 has no `const`), and a shared schema is a `$ref` into the
 * document's components.
 */

export const Nullable = <T extends TSchema>(schema: T) => Type.Unsafe<Static<T> | null>({ ...schema, nullable: true });

export const StringEnum = <const T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

/** Billy's timestamps: ISO 8601 in UTC with `+00:00` (billy.md §2.3). */
export const Timestamp = (description?: string) => Type.String({ format: 'date-time', description });

export const NullableTimestamp = (description?: string) => Nullable(Timestamp(description));

export const Guid = (description?: string) => Type.String({ description });

/** Money is an integer count of the currency's minor unit (cents). */
export const Cents = (description?: string) => Type.Integer({ description });

export const Currency = () => Type.String({ description: 'ISO 4217 code, lower case', pattern: '^[a-z]{3}$' });

/** A named component, typed as the schema it stands for. */
export const Ref = <T extends TSchema>(name: string, _schema: T) =>
  Type.Unsafe<Static<T>>({ $ref: `#/components/schemas/${name}` });

/** A field that is always null in this shape, as 3.0 can say it: a nullable string whose only value is null. */
export const AlwaysNull = (description: string) =>
  Type.Unsafe<null>({ type: 'string', nullable: true, enum: [null], description });
