import { readFileSync } from 'node:fs';
import { Clock, ReminderRule, parseRuleSet, ruleStreamId } from '@app/domain';
import { ConcurrencyError, EventStore, expect } from '@app/event-store';
import { configPath } from '@app/platform';

/** Who appears in the history of a shipped default rule. */
export const DEFAULT_RULES_ACTOR = { role: 'system', name: 'default-rules' } as const;

export function defaultRulesFile(): string {
  return configPath('rules', 'default-rules.json');
}

/** config/rules/default-rules.json, validated (a broken file stops the process with every field named). */
export function loadDefaultRules(file: string = defaultRulesFile()): ReminderRule[] {
  return parseRuleSet(JSON.parse(readFileSync(file, 'utf8')));
}

export interface SeedResult {
  created: string[];
  /** rules whose stream already existed (created earlier, edited or deleted by admins, or by another process just now) */
  skipped: string[];
}

/**
 * Creates each default rule whose stream does not exist yet, as the `system` actor, with the
 * "no stream" expectation: idempotent across restarts and across processes starting together
 * (a clash means another process created it first). A default rule an admin deleted keeps its
 * stream and so is never brought back; a default added to the file later is created at the next
 * start.
 */
export async function seedDefaultRules(store: EventStore, clock: Clock, rules: ReminderRule[] = loadDefaultRules()): Promise<SeedResult> {
  const result: SeedResult = { created: [], skipped: [] };
  for (const rule of rules) {
    const streamId = ruleStreamId(rule.id);
    if ((await store.streamVersion(streamId)) > 0) {
      result.skipped.push(rule.id);
      continue;
    }
    const now = clock.now();
    try {
      await store.append(
        streamId,
        [{ type: 'ReminderRuleCreated', data: { rule: { ...rule } }, metadata: { actor: { ...DEFAULT_RULES_ACTOR } }, occurredAt: now }],
        { expectedVersion: expect.noStream(), recordedAt: now },
      );
      result.created.push(rule.id);
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      result.skipped.push(rule.id);
    }
  }
  return result;
}
