import type { Language } from '@app/domain';

export type Role = 'admin' | 'coordinator' | 'agency' | 'auditor';

/** Strongest first: a person holding several roles acts with the strongest where one is needed. */
const ROLE_ORDER: readonly Role[] = ['admin', 'coordinator', 'auditor', 'agency'];

/** Who is calling: resolved from a bearer token or a session, recorded in every event's metadata. */
export interface Actor {
  /**
   * The caller's credential, stable and unique: `token:<digest prefix>` for a configured token,
   * `person:<id>` for a signed-in person or their personal access token. Idempotency keys are
   * scoped by it, never by role or display name, which two callers may share.
   */
  id: string;
  /** the strongest of `roles` */
  role: Role;
  /** every role held (a configured token holds one) */
  roles: Role[];
  name: string;
  agency?: string;
  /** the person behind a session or a personal access token */
  personId?: string;
  /** the person's language for answers (tokens leave it to Accept-Language) */
  language?: Language;
}

export function strongestRole(roles: readonly Role[]): Role {
  return ROLE_ORDER.find((r) => roles.includes(r)) ?? 'agency';
}

export const hasRole = (actor: Actor, role: Role): boolean => actor.roles.includes(role);
export const canWriteAll = (actor: Actor): boolean => hasRole(actor, 'admin') || hasRole(actor, 'coordinator');
export const canReadAll = (actor: Actor): boolean => actor.roles.some((r) => r !== 'agency');
