import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  Clock,
  DomainError,
  RULE_ID_PATTERN,
  ReminderRule,
  RuleCommand,
  RuleEvent,
  RuleState,
  decideRule,
  evolveRule,
  formatInZone,
  initialRuleState,
  parseCreateRule,
  parseUpdateRule,
  ruleStreamId,
} from '@app/domain';
import type { SqlDatabase, StoredEvent } from '@app/event-store';
import { generateRuleId, loadStoredRules, parseSimulationInput, simulateNotices } from '@app/escalation';
import { APP_CONFIG, AppConfig, SQL_DATABASE, foldEvents } from '@app/platform';
import { ApiError } from '../http/api-error';
import type { CommandRequest } from '../http/command-request';
import { CommandService } from '../http/command.service';

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

  async create(request: CommandRequest) {
    const generatedId = generateRuleId(request.body.name);
    const ruleId = typeof request.body.id === 'string' ? request.body.id : generatedId;
    return this.run(ruleId, request, (body) => parseCreateRule(body, generatedId));
  }

  /** PUT replaces the rule (parseUpdateRule says how a body read with GET is taken back). */
  async update(ruleId: string, request: CommandRequest) {
    this.assertKnownShape(ruleId);
    return this.run(ruleId, request, (body) => parseUpdateRule(ruleId, body));
  }

  async delete(ruleId: string, request: CommandRequest) {
    this.assertKnownShape(ruleId);
    const outcome = await this.commands.run(ruleStreamId(ruleId), ruleFold, request, {
      parse: (): RuleCommand => ({ type: 'DeleteRule', data: { ruleId } }),
      decide: (command, state) => decideRule(command, state),
    });
    return { id: ruleId, deleted: true, version: outcome.version, position: outcome.position };
  }

  async simulate(body: unknown) {
    const tz = this.config.DEADLINE_TIMEZONE;
    const input = parseSimulationInput(body, tz);
    const notices = await simulateNotices(this.db, input, { timeZone: tz, now: this.clock.now() });
    return { from: formatInZone(input.from, tz), to: formatInZone(input.to, tz), notices };
  }

  private async run(ruleId: string, request: CommandRequest, parse: (body: Record<string, unknown>) => RuleCommand) {
    // A malformed id names no stream: the parser refuses it before the decider is asked.
    const outcome = await this.commands.run(ruleStreamId(RULE_ID_PATTERN.test(ruleId) ? ruleId : 'invalid'), ruleFold, request, {
      parse: (body) => this.checkWebhooks(parse(body)),
      decide: (command, state) => decideRule(command, state),
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

  /** The webhook targets a rule lists must be configured (NOTICE_WEBHOOKS entries with that name). */
  private checkWebhooks(command: RuleCommand): RuleCommand {
    const names = command.type === 'DeleteRule' ? [] : (command.data.rule.webhooks ?? []);
    const known = new Set(this.config.NOTICE_WEBHOOKS.flatMap((w) => (w.name ? [w.name] : [])));
    const unknown = names.flatMap((name, i) =>
      known.has(name) ? [] : [{ field: `webhooks[${i}]`, message: `"${name}" is not a configured webhook target` }],
    );
    if (unknown.length) throw DomainError.invalidFields(unknown);
    return command;
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
