import type { ReminderRule } from '@app/domain';
import type { SqlDatabase } from '@app/event-store';

/**
 * The rules of the given ids as the planner's rm_rules holds them now, without deleted or
 * disabled ones (their rows are dropped by the planner; the scanner must not fire them
 * meanwhile).
 */
export async function loadActiveRules(db: SqlDatabase, ids: string[]): Promise<Map<string, ReminderRule>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; rule: ReminderRule; enabled: boolean }>(
    `SELECT id, rule, enabled FROM rm_rules WHERE id = ANY($1::text[]) AND enabled AND NOT deleted`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, { ...r.rule, id: r.id, enabled: r.enabled }]));
}
