import { DomainError } from '../shared/domain-error';
import { FieldChecks } from '../shared/field-checks';
import { objectInput } from '../shared/object-input';
import { requiredEmail, requiredText } from '../shared/text';
import { agencyCode } from '../task/task.validation';
import { ChangeAgencyHead, RegisterAgency } from './agency.commands';
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
