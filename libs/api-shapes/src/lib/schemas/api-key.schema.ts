import { Static, Type } from '@sinclair/typebox';
import { API_KEY_PERMISSIONS } from '@billy/persistence';
import { Guid, Nullable, NullableTimestamp, StringEnum, Timestamp } from './json-types';

const apiKeyFields = {
  guid: Guid(),
  name: Nullable(Type.String()),
  permissions: StringEnum(API_KEY_PERMISSIONS, '`read` keys may only GET'),
  primary: Type.Boolean({ description: "The company's primary key, the one rotate_key replaces" }),
  expires_at: NullableTimestamp('When the key stops working, if it does'),
  created_at: Timestamp(),
};

export const ApiKeySchema = Type.Object(apiKeyFields);

export const IssuedApiKeySchema = Type.Object({
  ...apiKeyFields,
  api_key: Type.String({ description: 'The key itself, shown only in this answer' }),
});

export type ApiKeyJson = Static<typeof ApiKeySchema>;
export type IssuedApiKeyJson = Static<typeof IssuedApiKeySchema>;
