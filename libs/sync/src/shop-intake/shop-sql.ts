import { EntityManager } from 'typeorm';

/** The rows of an UPDATE … RETURNING (TypeORM answers it with [rows, affected count]). */
export async function updatedRows<T>(m: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const result = await m.query<[T[], number]>(sql, params);
  return result[0];
}
