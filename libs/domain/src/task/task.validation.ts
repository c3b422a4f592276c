import { isCalendarDay } from '../shared/calendar-day';
import { DomainError } from '../shared/domain-error';
import { FieldChecks } from '../shared/field-checks';
import { optionalEmail, optionalText, requiredText } from '../shared/text';
import { Person, Priority, SourceDocument } from './task.events';

export const PRIORITIES: Priority[] = ['normal', 'high', 'critical'];

/** Free text a person writes (reasons, notes, descriptions). */
export const PROSE = { multiline: true, max: 10_000 } as const;

/** Agency and task codes: normalised and held to a small alphabet (see shared/codes). */
export { agencyCode, taskCode } from '../shared/codes';

export function optionalPerson(value: unknown, field: string): Person | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw DomainError.invalid(field, 'must be {name, email}');
  const person = value as Record<string, unknown>;
  const checks = new FieldChecks();
  const name = checks.run(() => requiredText(person.name, `${field}.name`, { max: 200 }));
  const email = checks.run(() => optionalEmail(person.email, `${field}.email`));
  checks.throwIfAny();
  return { name, email };
}

export function optionalSource(value: unknown, field: string): SourceDocument | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw DomainError.invalid(field, 'must be {kind, ref, issuedOn?}');
  const source = value as Record<string, unknown>;
  const checks = new FieldChecks();
  const issuedOn = checks.run(() => {
    const day = optionalText(source.issuedOn, `${field}.issuedOn`, { max: 10 });
    if (day !== null && !isCalendarDay(day)) throw DomainError.invalid(`${field}.issuedOn`, 'must be a date YYYY-MM-DD');
    return day;
  });
  const kind = checks.run(() => requiredText(source.kind, `${field}.kind`, { max: 100 }));
  const ref = checks.run(() => requiredText(source.ref, `${field}.ref`, { max: 200 }));
  checks.throwIfAny();
  return { kind, ref, issuedOn };
}

export function priority(value: unknown, field: string): Priority {
  if (value === undefined || value === null) return 'normal';
  if (!PRIORITIES.includes(value as Priority)) throw DomainError.invalid(field, `must be one of ${PRIORITIES.join(', ')}`);
  return value as Priority;
}
