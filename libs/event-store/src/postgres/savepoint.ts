import type { SqlDatabase } from './sql-database';

/**
 * A transaction called inside a transaction runs in a savepoint, so a caught failure in the
 * inner one rolls back only its own work and leaves the outer transaction usable.
 */
export async function inSavepoint<T>(tx: SqlDatabase, depth: number, fn: () => Promise<T>): Promise<T> {
  const name = `sp_${depth}`;
  await tx.exec(`SAVEPOINT ${name}`);
  try {
    const result = await fn();
    await tx.exec(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await tx.exec(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => undefined);
    throw error;
  }
}
