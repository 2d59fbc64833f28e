import type { EntityMetadata, ObjectLiteral, Repository } from 'typeorm';

const columnLists = new WeakMap<EntityMetadata, string>();

function columnList(metadata: EntityMetadata): string {
  let list = columnLists.get(metadata);
  if (list === undefined) {
    list = metadata.columns.map((column) => `"${column.databaseName}"`).join(', ');
    columnLists.set(metadata, list);
  }
  return list;
}

/**
 * `SELECT <every column> FROM <the entity's table> <rest>`, as entities. On the
 * hot reads TypeORM's query builder cost more CPU than the query itself; this
 * keeps its column mapping and value transformers and drops the SQL generation.
 * The table is named without its schema, as in all raw SQL: search_path has it.
 */
export async function selectEntities<T extends ObjectLiteral>(
  repository: Repository<T>,
  rest: string,
  parameters: unknown[],
): Promise<T[]> {
  const { metadata, manager } = repository;
  const driver = manager.connection.driver;
  const rows: Record<string, unknown>[] = await manager.query(
    `SELECT ${columnList(metadata)} FROM "${metadata.tableName}" ${rest}`,
    parameters,
  );
  return rows.map((row) => {
    const entity = metadata.create(undefined, { fromDeserializer: true }) as T;
    for (const column of metadata.columns) {
      column.setEntityValue(entity, driver.prepareHydratedValue(row[column.databaseName], column));
    }
    return entity;
  });
}
