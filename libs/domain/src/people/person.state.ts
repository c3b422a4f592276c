import type { Absence, PersonProfile } from './person.events';

export type PersonStatus = 'invited' | 'active' | 'disabled';

export interface PersonState extends Partial<PersonProfile> {
  exists: boolean;
  personId: string | null;
  /** invited until the first password or single sign-on; disabled wins over both */
  status: PersonStatus;
  activated: boolean;
  absence?: Absence | null;
  version: number;
}

export function initialPersonState(): PersonState {
  return { exists: false, personId: null, status: 'invited', activated: false, version: 0 };
}

export interface EmailClaimState {
  holder: string | null;
  version: number;
}

export function initialEmailClaimState(): EmailClaimState {
  return { holder: null, version: 0 };
}
