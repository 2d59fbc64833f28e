import type { SecretBox } from '@billy/crypto';
import type { DataSource } from 'typeorm';
import { SEALED_COLUMNS } from './sealed-columns';

const BATCH_SIZE = 500;

export interface ResealCount {
  resealed: number;
  /** Values that neither the current nor the previous key opens: left as they are. */
  unreadable: number;
}

/**
 * Seals again, under the current key and in the current format, every stored
 * value that is in an older format or under BILLY_SECRET_KEY_PREVIOUS, so
 * that the previous key can then be dropped. A row changed meanwhile keeps
 * its new value: each update matches the value it replaces. Safe to run from
 * several processes at once.
 */
export async function resealSecrets(dataSource: DataSource, box: SecretBox): Promise<ResealCount> {
  const count: ResealCount = { resealed: 0, unreadable: 0 };
  const prefix = box.currentPrefix;
  for (const name of Object.keys(SEALED_COLUMNS) as (keyof typeof SEALED_COLUMNS)[]) {
    const { table, column } = SEALED_COLUMNS[name];
    let after = '';
    for (;;) {
      const rows = await dataSource.query<{ guid: string; sealed: string }[]>(
        `SELECT guid, ${column} AS sealed FROM ${table}
          WHERE guid > $1 AND ${column} IS NOT NULL AND left(${column}, $2) <> $3
          ORDER BY guid LIMIT ${BATCH_SIZE}`,
        [after, prefix.length, prefix],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1].guid;
      const resealed = rows.flatMap(({ guid, sealed }) => {
        const at = { table, column, guid };
        try {
          return [{ guid, sealed, fresh: box.seal(box.open(sealed, at), at) }];
        } catch {
          count.unreadable += 1;
          return [];
        }
      });
      if (resealed.length === 0) continue;
      const [, updated] = await dataSource.query<[unknown, number]>(
        `UPDATE ${table} t SET ${column} = r.fresh
           FROM unnest($1::text[], $2::text[], $3::text[]) AS r(guid, sealed, fresh)
          WHERE t.guid = r.guid AND t.${column} = r.sealed`,
        [resealed.map((r) => r.guid), resealed.map((r) => r.sealed), resealed.map((r) => r.fresh)],
      );
      count.resealed += updated;
    }
  }
  return count;
}
