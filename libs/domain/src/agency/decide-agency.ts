import { DomainError } from '../shared/domain-error';
import { AgencyCommand } from './agency.commands';
import { AgencyEvent, AgencyHead } from './agency.events';
import { AgencyState } from './agency.state';

export { AGENCY_KINDS } from './parse-agency-commands';

/**
 * Agencies and their heads (commands parsed by parse-agency-commands.ts). Heads answer personally
 * for their agency's late tasks, so a change of head is an event: later escalations go to the new
 * head, past ones stay as they were. Setting the same head again produces no event (PUT is idempotent).
 */
export function decideAgency(command: AgencyCommand, state: AgencyState): AgencyEvent[] {
  switch (command.type) {
    case 'RegisterAgency': {
      if (state.exists) throw DomainError.conflict('duplicate_agency', `agency ${state.code} already exists`);
      return [{ type: 'AgencyRegistered', data: command.data }];
    }
    case 'ChangeAgencyHead': {
      if (!state.exists) throw DomainError.notFound('agency');
      const head = command.data.head;
      const previous = state.head as AgencyHead;
      if (sameHead(head, previous)) return [];
      return [{ type: 'AgencyHeadChanged', data: { code: state.code as string, head, previous } }];
    }
    case 'SetActingHead': {
      if (!state.exists) throw DomainError.notFound('agency');
      const { actingHead, from, to } = command.data;
      const current = state.actingHead;
      if (current && sameHead(current.head, actingHead) && current.from === from && current.to === to) return [];
      return [{ type: 'AgencyActingHeadSet', data: { code: state.code as string, actingHead, from, to } }];
    }
  }
}

function sameHead(a: AgencyHead, b: AgencyHead): boolean {
  return a.name === b.name && a.title === b.title && a.email === b.email;
}
