import type { EntityManager } from 'typeorm';

/** A worker's hold on one transaction: the exact `in_flight_since` it wrote, as text. */
export interface HeldClaim {
  guid: string;
  claimToken: string;
}

// Only a row that still carries our token is renewed: one another worker took over stays theirs.
const RENEW = `
  UPDATE transactions t SET in_flight_since = now()
  FROM unnest($1::text[], $2::timestamptz[]) AS c(guid, claim_token)
  WHERE t.guid = c.guid AND t.in_flight_since = c.claim_token
  RETURNING t.guid, t.in_flight_since::text AS "claimToken"`;

/**
 * Renews the claims a worker holds while its calls are open (DESIGN.md "Leases"),
 * in one statement. Returns each renewed claim's new token; a claim missing
 * from the answer was lost, and its try must not be sent.
 */
export async function renewClaims(manager: EntityManager, claims: readonly HeldClaim[]): Promise<Map<string, string>> {
  if (claims.length === 0) return new Map();
  // TypeORM answers an UPDATE with [rows, affected].
  const [rows]: [HeldClaim[], number] = await manager.query(RENEW, [
    claims.map((claim) => claim.guid),
    claims.map((claim) => claim.claimToken),
  ]);
  return new Map(rows.map((row) => [row.guid, row.claimToken]));
}
