import type { Language } from '@app/domain';

export type Role = 'admin' | 'coordinator' | 'agency' | 'auditor';

/** Who is calling: resolved from the bearer token, recorded in every event's metadata. */
export interface Actor {
  /**
   * The caller's credential, stable and unique: `token:<digest prefix>` for a configured token
   * (later `person:<id>`). Idempotency keys are scoped by it, never by role or display name,
   * which two tokens may share.
   */
  id: string;
  role: Role;
  name: string;
  agency?: string;
  /** the person's language for answers (a hook for sign-in's people; tokens leave it to Accept-Language) */
  language?: Language;
}

export const canWriteAll = (actor: Actor): boolean => actor.role === 'admin' || actor.role === 'coordinator';
export const canReadAll = (actor: Actor): boolean => actor.role !== 'agency';
