import { LetterCandidate, planLetters } from './merge-letters';

const at = (iso: string) => new Date(iso);
function notice(key: string, overrides: Partial<LetterCandidate> = {}): LetterCandidate {
  return { key, taskId: 'task-1', ruleId: key, level: 1, fireAt: at('2026-03-02T01:00:00Z'), recipients: ['head@x.vn'], ...overrides };
}

describe('planLetters: one letter per recipient and task in a pass', () => {
  it('given four rules due at once for the same head and task, when planned, then the most severe carries and the rest merge into it', () => {
    const due = [
      notice('due-today', { level: 1 }),
      notice('overdue-1wd', { level: 2 }),
      notice('overdue-30d', { level: 4 }),
      notice('overdue-7d', { level: 3 }),
    ];
    const plan = planLetters(due);
    expect(plan.carriedTo.get('overdue-30d')).toEqual(['head@x.vn']);
    for (const key of ['due-today', 'overdue-1wd', 'overdue-7d']) {
      expect(plan.carriedTo.get(key)).toEqual([]);
      expect(plan.mergedInto.get(key)).toEqual(new Map([['head@x.vn', 'overdue-30d']]));
    }
  });

  it('given rules with different recipients, when planned, then each person gets the most severe notice that names them', () => {
    const officerOnly = notice('reminder', { level: 0, recipients: ['an@x.vn'] });
    const both = notice('due-today', { level: 1, recipients: ['an@x.vn', 'head@x.vn'] });
    const headOnly = notice('overdue-7d', { level: 3, recipients: ['head@x.vn'] });
    const plan = planLetters([officerOnly, both, headOnly]);
    expect(plan.carriedTo.get('due-today')).toEqual(['an@x.vn']);
    expect(plan.carriedTo.get('overdue-7d')).toEqual(['head@x.vn']);
    expect(plan.mergedInto.get('reminder')).toEqual(new Map([['an@x.vn', 'due-today']]));
    expect(plan.mergedInto.get('due-today')).toEqual(new Map([['head@x.vn', 'overdue-7d']]));
  });

  it('given the same level, when planned, then the later fire time carries, and the choice does not depend on the order', () => {
    const early = notice('a', { fireAt: at('2026-03-02T01:00:00Z') });
    const late = notice('b', { fireAt: at('2026-03-03T01:00:00Z') });
    expect(planLetters([early, late]).carriedTo.get('b')).toEqual(['head@x.vn']);
    expect(planLetters([late, early]).carriedTo.get('b')).toEqual(['head@x.vn']);
  });

  it('given notices about different tasks, when planned, then nothing merges', () => {
    const plan = planLetters([notice('a'), notice('b', { taskId: 'task-2', level: 4 })]);
    expect(plan.carriedTo.get('a')).toEqual(['head@x.vn']);
    expect(plan.carriedTo.get('b')).toEqual(['head@x.vn']);
    expect(plan.mergedInto.size).toBe(0);
  });
});
