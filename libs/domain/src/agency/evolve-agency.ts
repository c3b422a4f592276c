import { AgencyEvent } from './agency.events';
import { AgencyState } from './agency.state';

export function evolveAgency(state: AgencyState, event: AgencyEvent, occurredAt: Date): AgencyState {
  const from = occurredAt.toISOString();
  const version = state.version + 1;
  switch (event.type) {
    case 'AgencyRegistered': {
      const { code, name, kind, head } = event.data;
      return { ...state, exists: true, code, name, kind, head, heads: [{ head, from }], version };
    }
    case 'AgencyHeadChanged':
      return { ...state, head: event.data.head, heads: [...state.heads, { head: event.data.head, from }], version };
    case 'AgencyActingHeadSet':
      return { ...state, actingHead: { head: event.data.actingHead, from: event.data.from, to: event.data.to }, version };
  }
}
