import { DomainError } from '../shared/domain-error';
import { FieldChecks } from '../shared/field-checks';
import { LANGUAGES, type Language } from '../shared/messages/language';
import { objectInput } from '../shared/object-input';
import { optionalText, requiredEmail, requiredText } from '../shared/text';
import { agencyCode } from '../task/task.validation';
import type { InvitePerson, SetAbsence, UpdatePerson } from './person.commands';
import { isCalendarDay } from '../shared/calendar-day';
import { PERSON_ROLES, type PersonProfile, type PersonRole } from './person.events';

/** POST /users and PUT /users/{id}: the same body (api.md). */
export function parsePersonProfile(input: unknown): PersonProfile {
  const d = objectInput(input);
  const checks = new FieldChecks();
  const email = checks.run(() => requiredEmail(d.email, 'email').toLowerCase());
  const name = checks.run(() => requiredText(d.name, 'name', { max: 200 }));
  const title = checks.run(() => optionalText(d.title, 'title', { max: 200 }));
  const phone = checks.run(() => phoneNumber(d.phone));
  const agency = checks.run(() => (d.agency === undefined || d.agency === null || d.agency === '' ? null : agencyCode(d.agency, 'agency')));
  const roles = checks.run(() => personRoles(d.roles));
  const focalPoint = checks.run(() => optionalBoolean(d.focalPoint, 'focalPoint'));
  const language = checks.run(() => personLanguage(d.language));
  checks.throwIfAny();
  if (roles.includes('agency') && agency === null) throw DomainError.invalid('agency', 'is required for the agency role');
  if (focalPoint && agency === null) throw DomainError.invalid('agency', 'is required for a focal point');
  return { email, name, title, phone, agency, roles, focalPoint, language };
}

export function parseInvitePerson(input: unknown, personId: string): InvitePerson {
  return { type: 'InvitePerson', data: { ...parsePersonProfile(input), personId } };
}

export function parseUpdatePerson(input: unknown): UpdatePerson {
  return { type: 'UpdatePerson', data: parsePersonProfile(input) };
}

function personRoles(value: unknown): PersonRole[] {
  if (!Array.isArray(value) || value.length === 0) throw DomainError.invalid('roles', `must be a list of ${PERSON_ROLES.join(', ')}`);
  if (value.some((r) => !PERSON_ROLES.includes(r as PersonRole)))
    throw DomainError.invalid('roles', `must be a list of ${PERSON_ROLES.join(', ')}`);
  return PERSON_ROLES.filter((r) => value.includes(r));
}

function personLanguage(value: unknown): Language {
  if (value === undefined || value === null) return 'vi';
  if (!LANGUAGES.includes(value as Language)) throw DomainError.invalid('language', `must be one of ${LANGUAGES.join(', ')}`);
  return value as Language;
}

function optionalBoolean(value: unknown, field: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw DomainError.invalid(field, 'must be true or false');
  return value;
}

/** Digits, spaces, dots, dashes, parentheses and a leading +, as Vietnamese numbers are written. */
function phoneNumber(value: unknown): string | null {
  const text = optionalText(value, 'phone', { max: 30 });
  if (text === null) return null;
  if (!/^\+?[0-9 .()-]{6,30}$/.test(text)) throw DomainError.invalid('phone', 'is not a telephone number');
  return text.trim();
}

/**
 * `{from, to, substitute: {name, email}}` (days as YYYY-MM-DD, like every day of the API) or `{absence: null}`
 * to end one: to on or after from, a substitute other than the person.
 */
export function parseSetAbsence(input: unknown, ownEmail: string | null): SetAbsence {
  const d = objectInput(input);
  if (d.absence === null) return { type: 'SetAbsence', data: { absence: null } };
  const checks = new FieldChecks();
  const day = (field: 'from' | 'to') =>
    checks.run(() => {
      const v = d[field];
      if (!isCalendarDay(v)) throw DomainError.invalid(field, 'must be a date YYYY-MM-DD');
      return v;
    });
  const from = day('from');
  const to = day('to');
  const substitute = checks.run(() => {
    const s = objectInput(d.substitute, 'substitute');
    const email = requiredEmail(s.email, 'substitute.email');
    if (ownEmail && email.toLowerCase() === ownEmail.toLowerCase()) throw DomainError.invalid('substitute.email', 'must be someone else');
    return { name: requiredText(s.name, 'substitute.name', { max: 200 }), email: email.toLowerCase() };
  });
  if (from && to && to < from)
    checks.run(() => {
      throw DomainError.invalid('to', 'must not be before from');
    });
  checks.throwIfAny();
  return { type: 'SetAbsence', data: { absence: { from: from!, to: to!, substitute: substitute! } } };
}
