import type { EmailClaimEvent, PersonEvent } from './person.events';
import type { EmailClaimState, PersonState } from './person.state';

export function evolvePerson(state: PersonState, event: PersonEvent): PersonState {
  const version = state.version + 1;
  switch (event.type) {
    case 'PersonInvited': {
      const { personId, ...profile } = event.data;
      return { ...state, ...profile, exists: true, personId, status: 'invited', version };
    }
    case 'PersonUpdated':
      return { ...state, ...event.data.changes, version };
    case 'PersonActivated':
      return { ...state, activated: true, status: state.status === 'disabled' ? 'disabled' : 'active', version };
    case 'PersonDisabled':
      return { ...state, status: 'disabled', version };
    case 'PersonEnabled':
      return { ...state, status: state.activated ? 'active' : 'invited', version };
    case 'PersonAbsenceSet':
      return { ...state, absence: event.data.absence, version };
  }
}

export function evolveEmailClaim(state: EmailClaimState, event: EmailClaimEvent): EmailClaimState {
  const version = state.version + 1;
  return event.type === 'EmailClaimed' ? { holder: event.data.personId, version } : { holder: null, version };
}
