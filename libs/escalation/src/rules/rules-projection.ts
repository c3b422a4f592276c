import type { SqlDatabase, StoredEvent } from '@app/event-store';
import type { ReminderRule, RuleEvent } from '@app/domain';
import type { Projection } from '@app/projections';

export const RULES_TABLE = 'rm_rules';

const DDL = `
CREATE TABLE IF NOT EXISTS rm_rules (
  id text PRIMARY KEY,
  rule jsonb NOT NULL,
  enabled boolean NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  version int NOT NULL,
  updated_at timestamptz NOT NULL
);
`;

const RULE_STREAM = 'rule-';

/**
 * rm_rules: every reminder/escalation rule as its stream leaves it (streams `rule-<id>`). A
 * deleted rule keeps its row (`deleted`, with the last content) so the planner knows to drop its
 * pending notices and history readers still see what it was.
 */
export class RulesProjection implements Projection {
  readonly name = 'reminder-rules';
  readonly tables = [RULES_TABLE];

  readonly ddl = DDL;

  async apply(tx: SqlDatabase, events: StoredEvent[]): Promise<void> {
    for (const stored of events) {
      if (!stored.streamId.startsWith(RULE_STREAM)) continue;
      const event = stored as unknown as RuleEvent & StoredEvent;
      if (event.type === 'ReminderRuleCreated' || event.type === 'ReminderRuleUpdated') {
        const rule = event.data.rule;
        await tx.query(
          `INSERT INTO rm_rules (id, rule, enabled, deleted, version, updated_at) VALUES ($1, $2, $3, false, $4, $5)
           ON CONFLICT (id) DO UPDATE SET rule = EXCLUDED.rule, enabled = EXCLUDED.enabled, deleted = false,
             version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`,
          [rule.id, JSON.stringify(rule), rule.enabled, stored.version, stored.recordedAt],
        );
      } else if (event.type === 'ReminderRuleDeleted') {
        await tx.query(`UPDATE rm_rules SET deleted = true, version = $2, updated_at = $3 WHERE id = $1`, [
          event.data.ruleId,
          stored.version,
          stored.recordedAt,
        ]);
      }
    }
  }
}

export interface StoredRule {
  rule: ReminderRule;
  enabled: boolean;
  deleted: boolean;
  version: number;
  updatedAt: Date;
}

/** Every rule in rm_rules (deleted ones too, unless `activeOnly`), ordered by id. */
export async function loadStoredRules(db: SqlDatabase, opts: { activeOnly?: boolean } = {}): Promise<StoredRule[]> {
  const { rows } = await db.query<{ rule: ReminderRule; enabled: boolean; deleted: boolean; version: number; updated_at: Date }>(
    `SELECT rule, enabled, deleted, version, updated_at FROM rm_rules ${opts.activeOnly ? 'WHERE NOT deleted' : ''} ORDER BY id`,
  );
  return rows.map((r) => ({ rule: r.rule, enabled: r.enabled, deleted: r.deleted, version: r.version, updatedAt: new Date(r.updated_at) }));
}

/** The rules the live planner and the scanner use: saved, not deleted, enabled. */
export async function loadEnabledRules(db: SqlDatabase): Promise<ReminderRule[]> {
  return (await loadStoredRules(db, { activeOnly: true })).filter((r) => r.enabled).map((r) => r.rule);
}
