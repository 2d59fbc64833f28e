import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * The entity a snapshot stands for: each snake_case column goes through
 * TypeORM's own hydration, so timestamps become Dates and bigint amounts
 * numbers, as if the row had been read from its table.
 */
export function entityFromSnapshot<T extends ObjectLiteral>(
  dataSource: DataSource,
  target: EntityTarget<T>,
  snapshot: object,
): T {
  const metadata = dataSource.getMetadata(target);
  const entity = metadata.create() as T;
  const columns = snapshot as Record<string, unknown>;
  for (const column of metadata.columns) {
    if (column.databaseName in columns) {
      column.setEntityValue(entity, dataSource.driver.prepareHydratedValue(columns[column.databaseName], column));
    }
  }
  return entity;
}
