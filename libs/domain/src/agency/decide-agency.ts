import { DomainError } from '../shared/domain-error';
import { FieldChecks } from '../shared/field-checks';
import { requiredEmail, requiredText } from '../shared/text';
import { agencyCode } from '../task/task.validation';
import { AgencyCommand } from './agency.commands';
import { AgencyEvent, AgencyHead, AgencyKind } from './agency.events';
import { AgencyState } from './agency.state';

export const AGENCY_KINDS: AgencyKind[] = ['ministry', 'province', 'agency'];

/**
 * Agencies and their heads. Heads answer personally for their agency's late tasks, so a change
 * of head is an event: later escalations go to the new head, past ones stay as they were.
 * Setting the same head again produces no event (PUT is idempotent).
 */
export function decideAgency(command: AgencyCommand, state: AgencyState): AgencyEvent[] {
  switch (command.type) {
    case 'RegisterAgency': {
      if (state.exists) throw DomainError.conflict('duplicate_agency', `agency ${state.code} already exists`);
      const d = command.data;
      const checks = new FieldChecks();
      const code = checks.run(() => agencyCode(d.code, 'code'));
      const name = checks.run(() => requiredText(d.name, 'name'));
      const kind = checks.run(() => agencyKind(d.kind));
      const head = checks.run(() => agencyHead(d.head));
      checks.throwIfAny();
      return [{ type: 'AgencyRegistered', data: { code, name, kind, head } }];
    }
    case 'ChangeAgencyHead': {
      if (!state.exists) throw DomainError.notFound('agency');
      const head = agencyHead(command.data.head);
      const previous = state.head as AgencyHead;
      if (sameHead(head, previous)) return [];
      return [{ type: 'AgencyHeadChanged', data: { code: state.code as string, head, previous } }];
    }
  }
}

function agencyKind(value: unknown): AgencyKind {
  if (!AGENCY_KINDS.includes(value as AgencyKind)) throw DomainError.invalid('kind', `must be one of ${AGENCY_KINDS.join(', ')}`);
  return value as AgencyKind;
}

/** Name, title and email go into email headers: single line, no control characters. */
function agencyHead(value: unknown): AgencyHead {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw DomainError.invalid('head', 'must be {name, title, email}');
  const head = value as Record<string, unknown>;
  const checks = new FieldChecks();
  const name = checks.run(() => requiredText(head.name, 'head.name', { max: 200 }));
  const title = checks.run(() => requiredText(head.title, 'head.title', { max: 200 }));
  const email = checks.run(() => requiredEmail(head.email, 'head.email'));
  checks.throwIfAny();
  return { name, title, email };
}

function sameHead(a: AgencyHead, b: AgencyHead): boolean {
  return a.name === b.name && a.title === b.title && a.email === b.email;
}
