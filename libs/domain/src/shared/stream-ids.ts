import { normaliseAgencyCode, normaliseTaskCode } from './codes';
import { uuidV5 } from './uuid-v5';

/** Namespace of task ids derived from task codes (a fixed, random v4 UUID; never change it). */
export const TASK_ID_NAMESPACE = '0b6a3f1e-4d2c-4f8a-9c57-2e9d1b7a5c30';

export function taskStreamId(taskId: string): string {
  return `task-${taskId}`;
}

/** By the normalised code, so `bca`, ` BCA ` and full-width `ＢＣＡ` all read and write agency BCA. */
export function agencyStreamId(code: string): string {
  return `agency-${normaliseAgencyCode(code)}`;
}

/**
 * The task id of a task code: a UUID v5 of the normalised code (NFKC, trimmed), so assigning a code twice
 * lands on the same stream and the event store's "no stream" expectation refuses the second.
 */
export function taskIdFromCode(code: string): string {
  return uuidV5(normaliseTaskCode(code), TASK_ID_NAMESPACE);
}

export function personStreamId(personId: string): string {
  return `person-${personId}`;
}

/** Namespace of email-claim stream ids (a fixed, random v4 UUID; never change it). */
export const EMAIL_CLAIM_NAMESPACE = '6f1c2a9e-83b4-4d0f-a7e2-5c9b14d3e870';

/** The stream that says who holds an email (lower-case), so one address signs in one person. */
export function emailClaimStreamId(email: string): string {
  return `email-${uuidV5(email.trim().toLowerCase(), EMAIL_CLAIM_NAMESPACE)}`;
}
