import { DomainError } from '../shared/domain-error';
import type { PersonCommand } from './person.commands';
import type { EmailClaimEvent, PersonEvent, PersonProfile } from './person.events';
import type { EmailClaimState, PersonState } from './person.state';

const PROFILE_FIELDS: (keyof PersonProfile)[] = ['email', 'name', 'title', 'phone', 'agency', 'roles', 'focalPoint', 'language'];

/**
 * The directory of people. Inviting creates the person (status `invited`); a password set from
 * the invitation or a single sign-on activates them; an admin may disable and enable again.
 * Saving the same profile again records nothing (PUT is idempotent).
 */
export function decidePerson(command: PersonCommand, state: PersonState): PersonEvent[] {
  if (command.type === 'InvitePerson') {
    if (state.exists) throw DomainError.conflict('duplicate_person', `person ${state.personId} already exists`);
    return [{ type: 'PersonInvited', data: command.data }];
  }
  if (!state.exists) throw DomainError.notFound('person');
  switch (command.type) {
    case 'UpdatePerson': {
      const changes: Partial<PersonProfile> = {};
      const previous: Partial<PersonProfile> = {};
      for (const field of PROFILE_FIELDS) {
        if (JSON.stringify(command.data[field]) === JSON.stringify(state[field] ?? null)) continue;
        (changes as Record<string, unknown>)[field] = command.data[field];
        (previous as Record<string, unknown>)[field] = state[field] ?? null;
      }
      return Object.keys(changes).length === 0 ? [] : [{ type: 'PersonUpdated', data: { changes, previous } }];
    }
    case 'ActivatePerson':
      if (state.status === 'disabled') throw DomainError.conflict('person_disabled', 'this person is disabled');
      return state.activated ? [] : [{ type: 'PersonActivated', data: command.data }];
    case 'DisablePerson':
      return state.status === 'disabled' ? [] : [{ type: 'PersonDisabled', data: command.data }];
    case 'EnablePerson':
      return state.status === 'disabled' ? [{ type: 'PersonEnabled', data: {} }] : [];
    case 'SetAbsence':
      return JSON.stringify(state.absence ?? null) === JSON.stringify(command.data.absence)
        ? []
        : [{ type: 'PersonAbsenceSet', data: command.data }];
  }
}

/** Claims `email` for `personId`; a claim by the same person is kept, another holder is a 409. */
export function decideEmailClaim(email: string, personId: string, state: EmailClaimState, holderExists: boolean): EmailClaimEvent[] {
  if (state.holder === personId) return [];
  if (state.holder !== null && holderExists) throw DomainError.conflict('duplicate_email', `${email} belongs to another person`);
  // free, or claimed by a registration that never completed (its person stream is empty)
  return [{ type: 'EmailClaimed', data: { email, personId } }];
}

export function decideEmailRelease(email: string, personId: string, state: EmailClaimState): EmailClaimEvent[] {
  return state.holder === personId ? [{ type: 'EmailReleased', data: { email, personId } }] : [];
}
