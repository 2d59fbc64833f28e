import { Static, Type } from '@sinclair/typebox';
import { PROCESSOR_NAMES } from '@billy/billing';
import { Guid, StringEnum, Timestamp } from './json-types';

const companyFields = {
  guid: Guid(),
  processor: StringEnum(PROCESSOR_NAMES, 'The processor that moves your money'),
  created_at: Timestamp(),
  updated_at: Timestamp(),
};

export const CompanySchema = Type.Object(companyFields);

/** A company as sign-up and key rotation answer it: with the API key, shown only here. */
export const IssuedCompanySchema = Type.Object({
  ...companyFields,
  api_key: Type.String({ description: 'Your new API key: the user name of HTTP Basic auth. Shown only once.' }),
  callback_url: Type.Optional(
    Type.String({ description: 'Where the processor posts its callbacks (sign-up only); it holds a secret' }),
  ),
});

export type CompanyJson = Static<typeof CompanySchema>;
export type IssuedCompanyJson = Static<typeof IssuedCompanySchema>;
