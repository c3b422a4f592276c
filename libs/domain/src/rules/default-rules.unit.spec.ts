import { DomainError } from '../shared/domain-error';
import { parseRuleSet } from './default-rules';
import { fireTimes } from './fire-times';
import { dueOn, hanoi, officialCalendar, readConfigJson } from './testing/fixtures';

const rules = parseRuleSet(readConfigJson('rules/default-rules.json'));
const byId = (id: string) => {
  const found = rules.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
};

describe('default rule set (config/rules/default-rules.json)', () => {
  it('parses into six rules with stable, unique ids and Vietnamese-first names', () => {
    expect(rules.map((r) => r.id)).toEqual([
      'default-assignee-7wd',
      'default-assignee-3wd',
      'default-due-today',
      'default-overdue-1wd',
      'default-overdue-7d',
      'default-overdue-30d-weekly',
    ]);
    for (const r of rules) expect(r.name).toMatch(/^[^/]+ \/ [^/]+$/);
  });

  it('sends only in office hours on working days, digests for heads and coordinators', () => {
    for (const r of rules) {
      expect(r.sendWindow).toEqual({ start: '08:00', end: '17:00', workingDaysOnly: true });
      const toHeads = r.recipients.some((x) => x === 'agency_head' || x === 'coordinators');
      expect(r.digest).toBe(toHeads);
    }
    expect(rules.map((r) => r.level)).toEqual([0, 0, 1, 2, 3, 4]);
  });

  it('escalates a task due 2026-02-24 around Tết on the expected days', () => {
    const calendar = officialCalendar();
    const due = dueOn('2026-02-24');
    const first = (id: string) => fireTimes(byId(id), due, calendar)[0].fireAt;
    expect(first('default-assignee-7wd')).toEqual(hanoi('2026-02-06T08:00'));
    expect(first('default-assignee-3wd')).toEqual(hanoi('2026-02-12T08:00'));
    expect(first('default-due-today')).toEqual(hanoi('2026-02-24T08:00'));
    expect(first('default-overdue-1wd')).toEqual(hanoi('2026-02-25T08:00'));
    expect(first('default-overdue-7d')).toEqual(hanoi('2026-03-03T08:00'));
    const weekly = fireTimes(byId('default-overdue-30d-weekly'), due, calendar);
    expect(weekly).toHaveLength(13);
    expect(weekly[0].fireAt).toEqual(hanoi('2026-03-26T08:00'));
    expect(weekly[1].fireAt).toEqual(hanoi('2026-04-02T08:00'));
  });
});

describe('parseRuleSet', () => {
  const good = { id: 'a', name: 'A', offset: { amount: 0, unit: 'days' }, recipients: ['assignee'], level: 0 };

  it('accepts a bare list too', () => {
    expect(parseRuleSet([good])).toHaveLength(1);
  });

  it('names every problem of every rule, prefixed by its position', () => {
    let error: DomainError | undefined;
    try {
      parseRuleSet({ rules: [good, { ...good, level: 20 }, { ...good, id: 'a:b', recipients: [] }, { ...good }] });
    } catch (e) {
      error = e as DomainError;
    }
    expect(error?.kind).toBe('validation');
    expect(error?.details.map((d) => d.field)).toEqual([
      'rules[1].id',
      'rules[1].level',
      'rules[2].id',
      'rules[2].recipients',
      'rules[3].id',
    ]);
  });

  it('refuses something that is not a rule set', () => {
    expect(() => parseRuleSet({ rule: [] })).toThrow(DomainError);
  });
});
