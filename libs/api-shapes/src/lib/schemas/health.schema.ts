import { Static, Type } from '@sinclair/typebox';
import { StringEnum } from './json-types';

export const LivenessSchema = Type.Object({ status: StringEnum(['ok']) });

/** Each check by name: under `info` when up, `error` when down, and all of them under `details` (Terminus). */
const CheckSchema = Type.Object({ status: StringEnum(['up', 'down']) });
const ChecksSchema = Type.Unsafe<Record<string, Static<typeof CheckSchema>>>({
  type: 'object',
  additionalProperties: CheckSchema,
});

export const ReadinessSchema = Type.Object({
  status: StringEnum(['ok', 'error', 'shutting_down']),
  info: Type.Optional(ChecksSchema),
  error: Type.Optional(ChecksSchema),
  details: ChecksSchema,
});
