import type { Command } from '../shared/command';
import type { Absence, PersonProfile } from './person.events';

export type InvitePerson = Command<'InvitePerson', PersonProfile & { personId: string }>;
export type UpdatePerson = Command<'UpdatePerson', PersonProfile>;
export type ActivatePerson = Command<'ActivatePerson', { via: 'password' | 'oidc' }>;
export type DisablePerson = Command<'DisablePerson', { reason: string | null }>;
export type EnablePerson = Command<'EnablePerson', Record<string, never>>;
export type SetAbsence = Command<'SetAbsence', { absence: Absence | null }>;
export type PersonCommand = InvitePerson | UpdatePerson | ActivatePerson | DisablePerson | EnablePerson | SetAbsence;
