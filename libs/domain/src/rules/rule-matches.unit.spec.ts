import { ruleApplies, ruleMatches } from './rule-matches';
import { rule } from './testing/fixtures';

const task = { source: { ref: '71/NQ-CP' }, leadAgency: 'BCA', priority: 'high' as const };

describe('ruleMatches', () => {
  it('matches every task when all scope lists are empty', () => {
    expect(ruleMatches(rule(), task)).toBe(true);
    expect(ruleMatches(rule(), { ...task, source: null })).toBe(true);
  });

  it('matches sources on the source document ref', () => {
    expect(ruleMatches(rule({ scope: { sources: ['71/NQ-CP'], agencies: [], priorities: [] } }), task)).toBe(true);
    expect(ruleMatches(rule({ scope: { sources: ['02-KH/BCĐTW'], agencies: [], priorities: [] } }), task)).toBe(false);
  });

  it('never matches a source-scoped rule to a task without a source document', () => {
    expect(ruleMatches(rule({ scope: { sources: ['71/NQ-CP'], agencies: [], priorities: [] } }), { ...task, source: null })).toBe(false);
  });

  it('requires every non-empty list to match', () => {
    const scoped = rule({ scope: { sources: ['71/NQ-CP'], agencies: ['BCA', 'BKHCN'], priorities: ['critical'] } });
    expect(ruleMatches(scoped, task)).toBe(false);
    expect(ruleMatches(scoped, { ...task, priority: 'critical' })).toBe(true);
    expect(ruleMatches(scoped, { ...task, priority: 'critical', leadAgency: 'HNI' })).toBe(false);
  });

  it('leaves enabled to ruleApplies, so the dry-run can preview a disabled rule', () => {
    expect(ruleMatches(rule({ enabled: false }), task)).toBe(true);
    expect(ruleApplies(rule({ enabled: false }), task)).toBe(false);
    expect(ruleApplies(rule(), task)).toBe(true);
  });
});
