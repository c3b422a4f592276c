import { DomainError } from '../shared/domain-error';
import { FieldChecks } from '../shared/field-checks';
import { objectInput } from '../shared/object-input';
import { requiredEmail, requiredText } from '../shared/text';
import { agencyCode } from '../task/task.validation';
import { ChangeAgencyHead, RegisterAgency, SetActingHead } from './agency.commands';
import { isCalendarDay } from '../shared/calendar-day';
import { AgencyHead, AgencyKind } from './agency.events';

export const AGENCY_KINDS: AgencyKind[] = ['ministry', 'province', 'agency'];

export function parseRegisterAgency(input: unknown): RegisterAgency {
  const d = objectInput(input);
  const checks = new FieldChecks();
  const code = checks.run(() => agencyCode(d.code, 'code'));
  const name = checks.run(() => requiredText(d.name, 'name'));
  const kind = checks.run(() => agencyKind(d.kind));
  const head = checks.run(() => agencyHead(objectInput(d.head, 'head'), 'head.'));
  checks.throwIfAny();
  return { type: 'RegisterAgency', data: { code, name, kind, head } };
}

/** The input is the head itself (PUT /agencies/{code}/head), so its fields are named as sent. */
export function parseChangeAgencyHead(input: unknown): ChangeAgencyHead {
  return { type: 'ChangeAgencyHead', data: { head: agencyHead(objectInput(input), '') } };
}

/** PUT /agencies/{code}/acting-head: {name, title, email, from, to}, days YYYY-MM-DD, both inclusive. */
export function parseSetActingHead(input: unknown): SetActingHead {
  const d = objectInput(input);
  const checks = new FieldChecks();
  const actingHead = checks.run(() => agencyHead(d, ''));
  const day = (field: 'from' | 'to'): string => {
    const value = typeof d[field] === 'string' ? (d[field] as string).slice(0, 10) : d[field];
    if (!isCalendarDay(value)) throw DomainError.invalid(field, 'must be a date YYYY-MM-DD');
    return value;
  };
  const from = checks.run(() => day('from'));
  const to = checks.run(() => day('to'));
  checks.throwIfAny();
  if (to < from) throw DomainError.invalid('to', 'must not be before from');
  return { type: 'SetActingHead', data: { actingHead, from, to } };
}

function agencyKind(value: unknown): AgencyKind {
  if (!AGENCY_KINDS.includes(value as AgencyKind)) throw DomainError.invalid('kind', `must be one of ${AGENCY_KINDS.join(', ')}`);
  return value as AgencyKind;
}

/** Name, title and email go into email headers: single line, no control characters. */
function agencyHead(head: Record<string, unknown>, prefix: string): AgencyHead {
  const checks = new FieldChecks();
  const name = checks.run(() => requiredText(head.name, `${prefix}name`, { max: 200 }));
  const title = checks.run(() => requiredText(head.title, `${prefix}title`, { max: 200 }));
  const email = checks.run(() => requiredEmail(head.email, `${prefix}email`));
  checks.throwIfAny();
  return { name, title, email };
}
