import { createHash } from 'node:crypto';

/**
 * Deterministic notice ids (architecture.md "Each notice exactly once"): the same task, rule,
 * deadline version and occurrence always give the same id, so a retried scan, a second scanner
 * or a re-plan after a rule change issues nothing new, and the BullMQ job reuses the id. Ids are
 * a prefix plus hex, so they never hold ':' (BullMQ refuses it in custom job ids) and stay short
 * whatever the inputs. The canonical string is a JSON array: no separator inside a value (an id
 * containing '|' or '-') can make two different tuples collide.
 */
export interface NoticeKey {
  taskId: string;
  ruleId: string;
  /** the number of extensions in force, or the due ISO string: a new deadline gets new notices */
  deadlineVersion: number | string;
  occurrence: number;
}

/** 128 bits of SHA-256: collisions are out of reach for any realistic number of notices. */
const HEX_LENGTH = 32;

export function noticeId(key: NoticeKey): string {
  return `n-${digestHex(['notice', key.taskId, key.ruleId, String(key.deadlineVersion), key.occurrence])}`;
}

/**
 * One digest email per recipient, rule and fire time. The recipient is trimmed and lower-cased
 * so `Head@Agency.gov.vn` and `head@agency.gov.vn` share one digest rather than get two.
 */
export function digestId(recipient: string, ruleId: string, fireAt: Date): string {
  return `d-${digestHex(['digest', recipient.trim().toLowerCase(), ruleId, fireAt.toISOString()])}`;
}

function digestHex(parts: (string | number)[]): string {
  return createHash('sha256').update(JSON.stringify(parts), 'utf8').digest('hex').slice(0, HEX_LENGTH);
}
