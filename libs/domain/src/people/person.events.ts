import type { Language } from '../shared/messages/language';

export type PersonRole = 'admin' | 'coordinator' | 'agency' | 'auditor';
export const PERSON_ROLES: readonly PersonRole[] = ['admin', 'coordinator', 'agency', 'auditor'];

/** What the directory holds about a person (api.md "People and sign-in"). */
export type PersonProfile = {
  /** lower-case, the sign-in name */
  email: string;
  name: string;
  title: string | null;
  phone: string | null;
  /** the agency the person works for (required with the `agency` role) */
  agency: string | null;
  roles: PersonRole[];
  /** the agency's focal point for notices */
  focalPoint: boolean;
  language: Language;
};

export interface PersonInvited {
  type: 'PersonInvited';
  data: PersonProfile & { personId: string };
}

/** Only the fields that changed, with what they were. */
export interface PersonUpdated {
  type: 'PersonUpdated';
  data: { changes: Partial<PersonProfile>; previous: Partial<PersonProfile> };
}

/** First sign-in made possible: a password set from an invitation, or single sign-on. */
export interface PersonActivated {
  type: 'PersonActivated';
  data: { via: 'password' | 'oidc' };
}

export interface PersonDisabled {
  type: 'PersonDisabled';
  data: { reason: string | null };
}

export interface PersonEnabled {
  type: 'PersonEnabled';
  data: Record<string, never>;
}

/**
 * A person away over a period names who stands in (api.md "Acting officials"): reminders and
 * escalations addressed to them go to the substitute then. `absence: null` ends it.
 */
export interface Absence {
  /** first day away, YYYY-MM-DD (deadline zone) */
  from: string;
  /** last day away */
  to: string;
  substitute: { name: string; email: string };
}

export interface PersonAbsenceSet {
  type: 'PersonAbsenceSet';
  data: { absence: Absence | null };
}

export type PersonEvent = PersonInvited | PersonUpdated | PersonActivated | PersonDisabled | PersonEnabled | PersonAbsenceSet;
export const PERSON_EVENT_TYPES: readonly PersonEvent['type'][] = [
  'PersonInvited',
  'PersonUpdated',
  'PersonActivated',
  'PersonDisabled',
  'PersonEnabled',
  'PersonAbsenceSet',
];

/**
 * An email is held by one person at a time: its claim stream (keyed by the email) names the
 * holder. Registering appends the claim with "no stream" (or "free") expected, so two admins
 * inviting the same address at once cannot both succeed.
 */
export interface EmailClaimed {
  type: 'EmailClaimed';
  data: { email: string; personId: string };
}

export interface EmailReleased {
  type: 'EmailReleased';
  data: { email: string; personId: string };
}

export type EmailClaimEvent = EmailClaimed | EmailReleased;
