import { DomainError } from '../shared/domain-error';
import { validateRuleInput } from './validate-rule';

const valid = {
  name: 'Nhắc trước hạn 3 ngày làm việc / Reminder 3 working days before',
  offset: { amount: -3, unit: 'working_days' },
  recipients: ['assignee'],
  level: 0,
};

function problems(input: unknown, prefix?: string): { field: string; message: string }[] {
  try {
    validateRuleInput(input, prefix);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('validation');
    expect((error as DomainError).code).toBe('validation_failed');
    return (error as DomainError).details;
  }
  throw new Error('expected a validation error');
}
const fields = (input: unknown, prefix?: string): string[] => problems(input, prefix).map((d) => d.field);

describe('validateRuleInput', () => {
  it('fills the documented defaults for a minimal rule', () => {
    expect(validateRuleInput(valid)).toEqual({
      ...valid,
      enabled: true,
      scope: { sources: [], agencies: [], priorities: [] },
      repeat: null,
      digest: false,
      sendWindow: null,
    });
  });

  it('takes named webhook targets (deduplicated), leaves them out when absent or empty, and names each malformed one', () => {
    expect(validateRuleInput({ ...valid, webhooks: ['bca-chat', 'bca-chat', 'vpcp-docs'] }).webhooks).toEqual(['bca-chat', 'vpcp-docs']);
    expect(validateRuleInput({ ...valid, webhooks: [] })).not.toHaveProperty('webhooks');
    expect(validateRuleInput(valid)).not.toHaveProperty('webhooks');
    expect(fields({ ...valid, webhooks: 'bca-chat' })).toEqual(['webhooks']);
    expect(fields({ ...valid, webhooks: ['ok', 'Has Spaces', 42] })).toEqual(['webhooks[1]', 'webhooks[2]']);
    expect(fields({ ...valid, webhooks: Array.from({ length: 11 }, (_, i) => `t${i}`) })).toEqual(['webhooks']);
  });

  it('takes unacknowledgedAfter on an escalation, leaves it out when null or absent, and refuses it on level 0 or malformed', () => {
    const escalation = { ...valid, level: 1, unacknowledgedAfter: { amount: 2, unit: 'working_days' } };
    expect(validateRuleInput(escalation).unacknowledgedAfter).toEqual({ amount: 2, unit: 'working_days' });
    expect(validateRuleInput({ ...escalation, unacknowledgedAfter: null })).not.toHaveProperty('unacknowledgedAfter');
    expect(validateRuleInput(valid)).not.toHaveProperty('unacknowledgedAfter');
    expect(problems({ ...valid, unacknowledgedAfter: { amount: 2, unit: 'days' } })).toEqual([
      { field: 'unacknowledgedAfter', message: 'needs a level of 1 or more (letters of a lower level to wait on)' },
    ]);
    expect(fields({ ...escalation, unacknowledgedAfter: { amount: 0, unit: 'weeks', extra: 1 } }).sort()).toEqual([
      'unacknowledgedAfter.amount',
      'unacknowledgedAfter.extra',
      'unacknowledgedAfter.unit',
    ]);
    expect(fields({ ...escalation, unacknowledgedAfter: 2 })).toEqual(['unacknowledgedAfter']);
  });

  it('accepts the full api.md example', () => {
    const full = {
      name: 'Escalate',
      enabled: false,
      scope: { sources: ['71/NQ-CP'], agencies: ['BCA'], priorities: ['high', 'critical'] },
      offset: { amount: 2, unit: 'days' },
      repeat: { every: { amount: 1, unit: 'days' }, maxTimes: 5 },
      recipients: ['assignee', 'agency_head', 'coordinators', 'email:someone@example.org'],
      level: 3,
      digest: true,
      sendWindow: { start: '08:00', end: '17:00', workingDaysOnly: true },
    };
    expect(validateRuleInput(full)).toEqual(full);
  });

  it('names every bad field at once: a rule with 3 errors gets 3 details', () => {
    const details = problems({ ...valid, offset: { amount: 1.5, unit: 'working_days' }, recipients: ['assignee', 'boss'], level: 12 });
    expect(details).toHaveLength(3);
    expect(details.map((d) => d.field)).toEqual(['offset.amount', 'recipients[1]', 'level']);
  });

  it('requires name, offset, recipients and level', () => {
    expect(fields({})).toEqual(['name', 'offset', 'recipients', 'level']);
  });

  it('refuses a body that is not an object', () => {
    expect(fields('rule')).toEqual(['body']);
    expect(fields([valid])).toEqual(['body']);
    expect(fields(null, 'rules[0]')).toEqual(['rules[0]']);
  });

  it('checks types, integers and units', () => {
    expect(fields({ ...valid, enabled: 'yes', digest: 1, offset: { amount: '3', unit: 'weeks' } })).toEqual([
      'enabled',
      'offset.unit',
      'offset.amount',
      'digest',
    ]);
  });

  it('bounds offsets to a year: 366 days or 8784 hours either way', () => {
    expect(() => validateRuleInput({ ...valid, offset: { amount: -366, unit: 'days' } })).not.toThrow();
    expect(fields({ ...valid, offset: { amount: 367, unit: 'working_days' } })).toEqual(['offset.amount']);
    expect(() => validateRuleInput({ ...valid, offset: { amount: 8784, unit: 'hours' } })).not.toThrow();
    expect(fields({ ...valid, offset: { amount: -8785, unit: 'hours' } })).toEqual(['offset.amount']);
  });

  it('keeps repeat.maxTimes within 1..100 and every.amount positive', () => {
    const repeat = (maxTimes: unknown, amount: unknown = 1) => ({ ...valid, repeat: { every: { amount, unit: 'days' }, maxTimes } });
    expect(fields(repeat(0))).toEqual(['repeat.maxTimes']);
    expect(fields(repeat(101))).toEqual(['repeat.maxTimes']);
    expect(fields(repeat(2.5))).toEqual(['repeat.maxTimes']);
    expect(fields(repeat(100, 0))).toEqual(['repeat.every.amount']);
    expect(fields({ ...valid, repeat: { maxTimes: 3 } })).toEqual(['repeat.every']);
    expect(validateRuleInput(repeat(100)).repeat).toEqual({ every: { amount: 1, unit: 'days' }, maxTimes: 100 });
  });

  it('needs at least one recipient', () => {
    expect(fields({ ...valid, recipients: [] })).toEqual(['recipients']);
    expect(fields({ ...valid, recipients: 'assignee' })).toEqual(['recipients']);
  });

  it('refuses CR/LF in an email recipient (header injection) and malformed addresses', () => {
    const bad = ['email:a@b.org\r\nBcc: all@x.org', 'email:no-at-sign', 'email:', 'email:a b@c.org', 'email:a@b.org\n'];
    expect(fields({ ...valid, recipients: ['assignee', ...bad] })).toEqual(bad.map((_, i) => `recipients[${i + 1}]`));
  });

  it('drops duplicate recipients rather than mail someone twice', () => {
    expect(validateRuleInput({ ...valid, recipients: ['assignee', 'email:A@b.org', 'assignee', 'email:a@b.org'] }).recipients).toEqual([
      'assignee',
      'email:A@b.org',
    ]);
  });

  it('keeps level an integer 0..9', () => {
    expect(fields({ ...valid, level: -1 })).toEqual(['level']);
    expect(fields({ ...valid, level: 10 })).toEqual(['level']);
    expect(validateRuleInput({ ...valid, level: 9 }).level).toBe(9);
  });

  it('checks the send window: HH:mm, start before end, 24:00 only as an end', () => {
    const window = (start: unknown, end: unknown) => ({ ...valid, sendWindow: { start, end, workingDaysOnly: true } });
    expect(fields(window('8:00', '17:60'))).toEqual(['sendWindow.start', 'sendWindow.end']);
    expect(fields(window('17:00', '08:00'))).toEqual(['sendWindow.end']);
    expect(fields(window('08:00', '08:00'))).toEqual(['sendWindow.end']);
    expect(fields(window('24:00', '24:00'))).toEqual(['sendWindow.start']);
    expect(validateRuleInput(window('00:00', '24:00')).sendWindow).toEqual({ start: '00:00', end: '24:00', workingDaysOnly: true });
    expect(validateRuleInput({ ...valid, sendWindow: { start: '08:00', end: '17:00' } }).sendWindow?.workingDaysOnly).toBe(false);
  });

  it('checks scope lists item by item', () => {
    expect(fields({ ...valid, scope: { sources: ['71/NQ-CP', ''], agencies: 'BCA', priorities: ['urgent'] } })).toEqual([
      'scope.sources[1]',
      'scope.agencies',
      'scope.priorities[0]',
    ]);
  });

  it('takes risk levels in the scope, kept only when some are named', () => {
    expect(fields({ ...valid, scope: { risks: ['high', 'severe'] } })).toEqual(['scope.risks[1]']);
    expect(validateRuleInput({ ...valid, scope: { risks: ['high'] } }).scope).toEqual({
      sources: [],
      agencies: [],
      priorities: [],
      risks: ['high'],
    });
    expect(validateRuleInput({ ...valid, scope: { risks: [] } }).scope).toEqual({ sources: [], agencies: [], priorities: [] });
  });

  it('refuses unknown fields at every level, but tolerates a top-level id', () => {
    expect(fields({ ...valid, id: 'x', sendwindow: null, offset: { amount: 1, unit: 'days', when: 'after' } })).toEqual([
      'sendwindow',
      'offset.when',
    ]);
  });

  it('refuses a multi-line or over-long name', () => {
    expect(fields({ ...valid, name: 'a\r\nb' })).toEqual(['name']);
    expect(fields({ ...valid, name: 'x'.repeat(201) })).toEqual(['name']);
    expect(fields({ ...valid, name: '   ' })).toEqual(['name']);
  });

  it('prefixes field names for rules nested in a larger body', () => {
    expect(fields({ ...valid, level: 'high' }, 'rules[2]')).toEqual(['rules[2].level']);
    expect(fields({ ...valid, level: 'high' }, 'rules[2].')).toEqual(['rules[2].level']);
  });

  it('puts every problem in the message too', () => {
    expect(() => validateRuleInput({ ...valid, level: 99, recipients: [] })).toThrow(/recipients: .*level: /);
  });
});
