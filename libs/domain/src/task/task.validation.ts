import { isCalendarDay } from '../shared/calendar-day';
import { DomainError } from '../shared/domain-error';
import { identifier, optionalEmail, optionalText, requiredText } from '../shared/text';
import { Person, Priority, SourceDocument } from './task.events';

export const PRIORITIES: Priority[] = ['normal', 'high', 'critical'];

/** Free text a person writes (reasons, notes, descriptions). */
export const PROSE = { multiline: true, max: 10_000 } as const;

export function agencyCode(value: unknown, field: string): string {
  return identifier(value, field, 32);
}

export function optionalPerson(value: unknown, field: string): Person | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw DomainError.invalid(field, 'must be {name, email}');
  const person = value as Record<string, unknown>;
  return { name: requiredText(person.name, `${field}.name`, { max: 200 }), email: optionalEmail(person.email, `${field}.email`) };
}

export function optionalSource(value: unknown, field: string): SourceDocument | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw DomainError.invalid(field, 'must be {kind, ref, issuedOn?}');
  const source = value as Record<string, unknown>;
  const issuedOn = optionalText(source.issuedOn, `${field}.issuedOn`, { max: 10 });
  if (issuedOn !== null && !isCalendarDay(issuedOn)) throw DomainError.invalid(`${field}.issuedOn`, 'must be a date YYYY-MM-DD');
  return {
    kind: requiredText(source.kind, `${field}.kind`, { max: 100 }),
    ref: requiredText(source.ref, `${field}.ref`, { max: 200 }),
    issuedOn,
  };
}

export function priority(value: unknown, field: string): Priority {
  if (value === undefined || value === null) return 'normal';
  if (!PRIORITIES.includes(value as Priority)) throw DomainError.invalid(field, `must be one of ${PRIORITIES.join(', ')}`);
  return value as Priority;
}
