import { DataSource } from 'typeorm';
import type { BillyConfig } from '@billy/config';
import { databaseOptions, resealSecrets } from '@billy/persistence';
import { secretBoxOf } from './secret-box-of';

/**
 * Seals again under BILLY_SECRET_KEY what an older format or
 * BILLY_SECRET_KEY_PREVIOUS sealed, so a rotation ends once every app has
 * started with both keys. With nothing to reseal it is one query per sealed column.
 */
export async function resealAtStart(config: BillyConfig): Promise<void> {
  const dataSource = await new DataSource(databaseOptions({ ...config.database, poolSize: 1 })).initialize();
  try {
    const { resealed, unreadable } = await resealSecrets(dataSource, secretBoxOf(config));
    if (resealed > 0) console.log(`Resealed ${resealed} stored secrets under BILLY_SECRET_KEY`);
    if (unreadable > 0) {
      console.warn(
        `${unreadable} stored secrets open under neither BILLY_SECRET_KEY nor BILLY_SECRET_KEY_PREVIOUS: is the key right?`,
      );
    }
  } finally {
    await dataSource.destroy();
  }
}
