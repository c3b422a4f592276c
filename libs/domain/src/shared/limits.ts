import { DomainError } from './domain-error';

/**
 * Bounded work per request: every list a body may carry has a cap, checked before any item is
 * looked at, so a 2 MB body of 290,000 entries is one 400 naming the field, not 290,000 checks
 * and look-ups. The caps are far above what the work needs (63 ministries and provinces, a
 * year's days), and they are documented in the README.
 */
export const LIST_LIMITS = {
  /** every ministry, ministry-level agency and province at once (about 60), with room to spare */
  coordinatingAgencies: 100,
  /** days off or swapped working days in one year */
  holidayDays: 366,
  /** coordinators receiving escalations */
  coordinatorEmails: 100,
} as const;

/** The value as a list of at most `max` items, or a 400 naming the field. */
export function boundedList(value: unknown, field: string, max: number, what: string): unknown[] {
  if (!Array.isArray(value)) throw DomainError.invalid(field, `must be a list of ${what}`);
  if (value.length > max) throw DomainError.invalid(field, `has ${value.length} entries; at most ${max} are allowed`);
  return value;
}
