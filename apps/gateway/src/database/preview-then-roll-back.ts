import type { EntityManager } from 'typeorm';
import { Db } from './db';

/** Thrown to end a preview's database transaction; it carries what the preview saw. */
class PreviewDone<T> extends Error {
  constructor(readonly result: T) {
    super('preview done');
  }
}

/** Runs `work` in a database transaction that is always rolled back, and answers what it returned. */
export async function previewThenRollBack<T>(db: Db, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  try {
    await db.transaction(async (manager) => {
      throw new PreviewDone(await work(manager));
    });
  } catch (done) {
    if (done instanceof PreviewDone) return (done as PreviewDone<T>).result;
    throw done;
  }
  throw new Error('A preview transaction committed');
}
