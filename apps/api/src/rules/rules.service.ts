import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  Clock,
  DomainError,
  FieldIssue,
  RULE_ID_PATTERN,
  ReminderRule,
  RuleCommand,
  RuleEvent,
  RuleState,
  decideRule,
  evolveRule,
  formatInZone,
  initialRuleState,
  ruleStreamId,
  validateRuleInput,
} from '@app/domain';
import type { SqlDatabase, StoredEvent } from '@app/event-store';
import { generateRuleId, loadStoredRules, parseSimulationInput, simulateNotices } from '@app/escalation';
import { APP_CONFIG, AppConfig, SQL_DATABASE, foldEvents } from '@app/platform';
import { ApiError } from '../http/api-error';
import { CommandService, RequestMeta } from '../http/command.service';

const ruleFold = {
  initial: initialRuleState,
  evolve: (state: RuleState, event: { type: string; data: any }) => evolveRule(state, event as RuleEvent),
};

export interface RuleView extends ReminderRule {
  version: number;
  updatedAt: string | null;
}

/** Reminder and escalation rules (api.md): event-sourced, streams `rule-<id>`, decided by ruleDecider. */
@Injectable()
export class RulesService {
  constructor(
    private readonly commands: CommandService,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Saved rules that are not deleted (enabled or not), by id, from the read model. */
  async list(): Promise<RuleView[]> {
    const rules = await loadStoredRules(this.db, { activeOnly: true });
    return rules.map((r) => ({ ...r.rule, version: r.version, updatedAt: formatInZone(r.updatedAt, this.config.DEADLINE_TIMEZONE) }));
  }

  /** One rule, straight from its stream (so a rule just written reads back at once). */
  async get(ruleId: string): Promise<RuleView> {
    const history = await this.history(ruleId);
    const state = foldEvents(ruleFold, history);
    if (state.status !== 'active' || !state.rule) throw DomainError.notFound(`reminder rule ${ruleId}`);
    return this.view(state.rule, state.version, history.at(-1)!);
  }

  /** The rule's events with who changed what and when (rules are history too). */
  async events(ruleId: string) {
    const history = await this.history(ruleId);
    if (history.length === 0) throw DomainError.notFound(`reminder rule ${ruleId}`);
    const tz = this.config.DEADLINE_TIMEZONE;
    return {
      events: history.map((e) => ({
        position: e.position,
        version: e.version,
        type: e.type,
        occurredAt: formatInZone(e.occurredAt, tz),
        recordedAt: formatInZone(e.recordedAt, tz),
        actor: e.metadata.actor ?? null,
        data: e.data,
      })),
    };
  }

  async create(body: Record<string, unknown>, meta: RequestMeta) {
    const given = body.id;
    const ruleId = given === undefined ? generateRuleId(body.name) : given;
    // Every fault in one 400: the id and all rule fields (the decider stops at the id).
    const issues: FieldIssue[] = [];
    if (typeof ruleId !== 'string' || !RULE_ID_PATTERN.test(ruleId)) {
      issues.push({ field: 'id', message: 'must be 1-64 letters, digits, "-" or "_", starting with a letter or digit' });
    }
    try {
      validateRuleInput(body);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      issues.push(...error.details);
    }
    if (issues.length > 0) throw DomainError.invalidFields(issues);
    return this.run(ruleId as string, { type: 'CreateRule', data: { ruleId: ruleId as string, input: body } }, meta);
  }

  /**
   * PUT replaces the rule. A body read with GET can be sent back as is: `id` must match the path,
   * `updatedAt` and `position` are ignored, and `version`, when present, is the version the
   * change is based on (409 when someone changed the rule since).
   */
  async update(ruleId: string, body: Record<string, unknown>, meta: RequestMeta) {
    this.assertKnownShape(ruleId);
    const { version: expected, updatedAt: _u, position: _p, ...input } = body;
    const issues: FieldIssue[] = [];
    if (input.id !== undefined && input.id !== ruleId)
      issues.push({ field: 'id', message: `must be ${ruleId} (the id in the path) or omitted` });
    if (expected !== undefined && (typeof expected !== 'number' || !Number.isInteger(expected) || expected < 1)) {
      issues.push({ field: 'version', message: 'must be the positive integer version the change is based on, or omitted' });
    }
    try {
      validateRuleInput(input);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      issues.push(...error.details);
    }
    if (issues.length > 0) throw DomainError.invalidFields(issues);
    return this.run(ruleId, { type: 'UpdateRule', data: { ruleId, input } }, meta, expected as number | undefined);
  }

  async delete(ruleId: string, meta: RequestMeta) {
    this.assertKnownShape(ruleId);
    const outcome = await this.commands.run(ruleStreamId(ruleId), ruleFold, meta, (state) =>
      decideRule({ type: 'DeleteRule', data: { ruleId } }, state),
    );
    return { id: ruleId, deleted: true, version: outcome.version, position: outcome.position };
  }

  async simulate(body: unknown) {
    const tz = this.config.DEADLINE_TIMEZONE;
    const input = parseSimulationInput(body, tz);
    const notices = await simulateNotices(this.db, input, { timeZone: tz, now: this.clock.now() });
    return { from: formatInZone(input.from, tz), to: formatInZone(input.to, tz), notices };
  }

  private async run(ruleId: string, command: RuleCommand, meta: RequestMeta, expectedVersion?: number) {
    const outcome = await this.commands.run(ruleStreamId(ruleId), ruleFold, meta, (state) => {
      if (expectedVersion !== undefined && state.status === 'active' && state.version !== expectedVersion) {
        throw DomainError.conflict(
          'version_conflict',
          `reminder rule ${ruleId} is at version ${state.version}, not ${expectedVersion}; read it again`,
        );
      }
      return decideRule(command, state);
    });
    const rule = outcome.state.rule!;
    const updatedAt = outcome.events.at(-1)?.recordedAt;
    return {
      ...rule,
      version: outcome.version,
      position: outcome.position,
      ...(updatedAt ? { updatedAt: formatInZone(updatedAt, this.config.DEADLINE_TIMEZONE) } : {}),
    };
  }

  private async history(ruleId: string): Promise<StoredEvent[]> {
    if (!RULE_ID_PATTERN.test(ruleId)) return [];
    return this.commands.store.readStream(ruleStreamId(ruleId));
  }

  /** A malformed id can name no rule: 404 rather than a stream lookup. */
  private assertKnownShape(ruleId: string): void {
    if (!RULE_ID_PATTERN.test(ruleId)) throw ApiError.notFound(`reminder rule ${ruleId}`);
  }

  private view(rule: ReminderRule, version: number, last: StoredEvent): RuleView {
    return { ...rule, version, updatedAt: formatInZone(last.recordedAt, this.config.DEADLINE_TIMEZONE) };
  }
}
