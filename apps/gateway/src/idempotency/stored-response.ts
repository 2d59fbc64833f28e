import type { SecretBox, SealedAt } from '@billy/crypto';

/** The fields of a response shown only once: a webhook endpoint's `secret`, a new `api_key`. */
const SECRET_FIELDS = ['secret', 'api_key'];
const SEALED = '$sealed';

/** Where a stored response's secrets are sealed for: its own idempotency record, so they open nowhere else. */
export const storedResponseAt = (companyGuid: string, key: string): SealedAt => ({
  table: 'idempotency_keys',
  column: 'response_body',
  guid: `${companyGuid}/${key}`,
});

/**
 * The response as `idempotency_keys` stores it: each secret field sealed
 * (`{"$sealed": …}`), so the table never holds a secret in clear and a
 * replay can still answer exactly the first response.
 */
export function toStoredResponse(body: unknown, box: SecretBox, at: SealedAt): unknown {
  return mapSecretFields(body, (value) => (typeof value === 'string' ? { [SEALED]: box.seal(value, at) } : value));
}

/** The first response again, its sealed fields opened. */
export function fromStoredResponse(body: unknown, box: SecretBox, at: SealedAt): unknown {
  return mapSecretFields(body, (value) => {
    const sealed = (value as Record<string, unknown> | null)?.[SEALED];
    return typeof sealed === 'string' ? box.open(sealed, at) : value;
  });
}

function mapSecretFields(body: unknown, map: (value: unknown) => unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const fields = Object.entries(body as Record<string, unknown>);
  if (!fields.some(([name]) => SECRET_FIELDS.includes(name))) return body;
  return Object.fromEntries(fields.map(([name, value]) => [name, SECRET_FIELDS.includes(name) ? map(value) : value]));
}
