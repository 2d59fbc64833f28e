import { Static, Type } from '@sinclair/typebox';

/** The body of every 4xx and 5xx (billy.md §2.4). */
export const ApiErrorSchema = Type.Object({
  error_class: Type.String({ description: 'ValidationError, NotFound, AuthenticationError, …' }),
  error_message: Type.String(),
});

export type ApiErrorJson = Static<typeof ApiErrorSchema>;
