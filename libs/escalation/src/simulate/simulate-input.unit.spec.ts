import { DomainError } from '@app/domain';
import { hanoi } from '@app/domain/rules/testing/fixtures';
import { parseSimulationInput } from './simulate-input';

const TZ = 'Asia/Ho_Chi_Minh';
const fieldsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.details.map((d) => d.field);
    throw error;
  }
  throw new Error('expected a validation error');
};
const validRule = { name: 'Nhắc', offset: { amount: -2, unit: 'working_days' }, recipients: ['assignee'], level: 0 };

describe('parseSimulationInput', () => {
  it('reads plain dates as the whole days: from at the start, to at the end', () => {
    const input = parseSimulationInput({ from: '2026-02-01', to: '2026-02-28' }, TZ);
    expect(input.from).toEqual(hanoi('2026-02-01T00:00'));
    expect(input.to).toEqual(new Date('2026-02-28T23:59:59.999+07:00'));
    expect(input.rules).toBeNull();
  });

  it('takes unsaved rules with defaults, keeping a given id or naming them by position', () => {
    const input = parseSimulationInput(
      { from: '2026-02-01T00:00:00+07:00', to: '2026-02-02', rules: [validRule, { ...validRule, id: 'try-1' }] },
      TZ,
    );
    expect(input.rules!.map((r) => r.id)).toEqual(['rules[0]', 'try-1']);
    expect(input.rules![0]).toMatchObject({ enabled: true, digest: false, sendWindow: null, repeat: null });
  });

  it('names every bad field at once, rules by their index', () => {
    const fields = fieldsOf(() =>
      parseSimulationInput(
        { from: 'yesterday', to: '2026-13-01', rules: [validRule, { ...validRule, level: 99, recipients: ['boss'] }], extra: 1 },
        TZ,
      ),
    );
    expect(fields).toEqual(expect.arrayContaining(['extra', 'from', 'to', 'rules[1].level', 'rules[1].recipients[0]']));
  });

  it('refuses a range that ends before it starts or spans more than 366 days, naming to', () => {
    expect(fieldsOf(() => parseSimulationInput({ from: '2026-03-01', to: '2026-02-01' }, TZ))).toEqual(['to']);
    expect(fieldsOf(() => parseSimulationInput({ from: '2026-01-01', to: '2027-01-03' }, TZ))).toEqual(['to']);
    expect(parseSimulationInput({ from: '2026-01-01', to: '2026-12-31' }, TZ).rules).toBeNull();
  });

  it('refuses missing bounds and an empty rule list', () => {
    expect(fieldsOf(() => parseSimulationInput({ rules: [] }, TZ))).toEqual(['from', 'to', 'rules']);
    expect(fieldsOf(() => parseSimulationInput([], TZ))).toEqual(['body']);
  });
});
