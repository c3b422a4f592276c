import { DomainError } from '../shared/domain-error';
import { decideRule, evolveRule, initialRuleState, RuleCommand, RuleState } from './rule.decider';
import type { RuleEvent } from './rule.events';
import { ruleStreamId } from './rule.types';
import { parseCreateRule, parseUpdateRule } from './parse-rule-commands';

const input = { name: 'Due today', offset: { amount: 0, unit: 'working_days' }, recipients: ['assignee'], level: 1 };

function replay(events: RuleEvent[]): RuleState {
  return events.reduce(evolveRule, initialRuleState());
}
function run(commands: RuleCommand[]): { state: RuleState; events: RuleEvent[] } {
  let state = initialRuleState();
  const all: RuleEvent[] = [];
  for (const command of commands) {
    const events = decideRule(command, state);
    all.push(...events);
    state = events.reduce(evolveRule, state);
  }
  return { state, events: all };
}
function refusal(command: RuleCommand | (() => RuleCommand), state: RuleState): DomainError {
  try {
    decideRule(typeof command === 'function' ? command() : command, state);
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected the command to be refused');
}

/** Bodies as an admin writes them, parsed at the door as the API does. */
const create = (ruleId = 'due-today', body: object = input): RuleCommand => parseCreateRule(body, ruleId);
const update = (body: object, ruleId = 'due-today'): RuleCommand => parseUpdateRule(ruleId, body);
const remove = (ruleId = 'due-today'): RuleCommand => ({ type: 'DeleteRule', data: { ruleId } });

describe('rule decider', () => {
  it('creates a rule with defaults filled in', () => {
    const [event] = decideRule(create(), initialRuleState());
    expect(event.type).toBe('ReminderRuleCreated');
    expect(event.type === 'ReminderRuleCreated' && event.data.rule).toMatchObject({
      id: 'due-today',
      enabled: true,
      digest: false,
      repeat: null,
    });
  });

  it('refuses to create a rule that exists (409)', () => {
    const { state } = run([create()]);
    expect(refusal(create(), state)).toMatchObject({ kind: 'conflict', code: 'rule_exists' });
  });

  it('refuses to reuse the id of a deleted rule, whose notice ids are taken (409)', () => {
    const { state } = run([create(), remove()]);
    expect(refusal(create(), state)).toMatchObject({ kind: 'conflict', code: 'rule_id_retired' });
  });

  it('refuses a malformed id or body with a 400 and no event', () => {
    expect(refusal(() => create('bad:id'), initialRuleState())).toMatchObject({ kind: 'validation', details: [{ field: 'id' }] });
    expect(refusal(() => create('ok', { ...input, level: 10 }), initialRuleState())).toMatchObject({
      kind: 'validation',
      details: [{ field: 'level' }],
    });
  });

  it('updates with the whole new rule and the previous one', () => {
    const { state, events } = run([create(), update({ ...input, level: 2 })]);
    expect(events[1]).toMatchObject({ type: 'ReminderRuleUpdated', data: { rule: { level: 2 }, previous: { level: 1 } } });
    expect(state.rule?.level).toBe(2);
  });

  it('appends nothing for an update that changes nothing', () => {
    const { state } = run([create()]);
    expect(
      decideRule(update({ level: 1, recipients: ['assignee'], offset: { unit: 'working_days', amount: 0 }, name: 'Due today' }), state),
    ).toEqual([]);
  });

  it('answers 404 to updating or deleting a rule that does not exist or was deleted', () => {
    expect(refusal(update(input), initialRuleState())).toMatchObject({ kind: 'not_found' });
    expect(refusal(remove(), initialRuleState())).toMatchObject({ kind: 'not_found' });
    const { state } = run([create(), remove()]);
    expect(refusal(update(input), state)).toMatchObject({ kind: 'not_found' });
    expect(refusal(remove(), state)).toMatchObject({ kind: 'not_found' });
  });

  it('rebuilds the same state from its events', () => {
    const { state, events } = run([create(), update({ ...input, digest: true }), remove()]);
    expect(replay(events)).toEqual(state);
    expect(state.status).toBe('deleted');
  });

  it('names rule streams rule-<id>', () => {
    expect(ruleStreamId('default-assignee-7wd')).toBe('rule-default-assignee-7wd');
  });
});
