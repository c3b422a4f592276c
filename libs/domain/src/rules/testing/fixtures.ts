import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { endOfLocalDay } from '../../shared/time';
import type { ReminderRule } from '../rule.types';

/** Test-only helpers for the rule specs (excluded from the build like every testing/ folder). */
export { hanoi, officialCalendar } from '../../testing/official-calendar';

export function readConfigJson(relative: string): unknown {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', '..', 'config', relative), 'utf8'));
}

/** The deadline of a plain date: the end of that day in Asia/Ho_Chi_Minh, as tasks store it. */
export const dueOn = (day: string): Date => endOfLocalDay(day, 'Asia/Ho_Chi_Minh');

export const OFFICE_HOURS = { start: '08:00', end: '17:00', workingDaysOnly: true } as const;

export function rule(overrides: Partial<ReminderRule> = {}): ReminderRule {
  return {
    id: 'r1',
    name: 'Test rule',
    enabled: true,
    scope: { sources: [], agencies: [], priorities: [] },
    offset: { amount: -3, unit: 'working_days' },
    repeat: null,
    recipients: ['assignee'],
    level: 0,
    digest: false,
    sendWindow: { ...OFFICE_HOURS },
    ...overrides,
  };
}
