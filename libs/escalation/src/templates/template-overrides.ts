import type { SqlDatabase } from '@app/event-store';

/** The admin's replacements of the letter templates, as the read model holds them (name → text). */
export async function templateOverrides(db: SqlDatabase): Promise<Record<string, string>> {
  const { rows } = await db.query<{ key: string; value: { body: string } }>(
    `SELECT key, value FROM rm_settings WHERE key LIKE 'template/%'`,
  );
  return Object.fromEntries(rows.map((r) => [r.key.slice('template/'.length), r.value.body]));
}
