export type Role = 'admin' | 'coordinator' | 'agency' | 'auditor';

/** Who is calling: resolved from the bearer token, recorded in every event's metadata. */
export interface Actor {
  role: Role;
  name: string;
  agency?: string;
}

export const canWriteAll = (actor: Actor): boolean => actor.role === 'admin' || actor.role === 'coordinator';
export const canReadAll = (actor: Actor): boolean => actor.role !== 'agency';
