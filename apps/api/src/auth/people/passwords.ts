import * as argon2 from 'argon2';
import { DomainError } from '@app/domain';
import { COMMON_PASSWORDS } from './common-passwords';

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 256;

/** argon2id with the library's defaults (64 MiB, t=3, p=4: OWASP's recommended floor or above). */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

/**
 * A hash of nothing anyone knows, verified when the email is unknown or has no password, so a
 * wrong email costs the same time as a wrong password and the answer says nothing about which.
 */
let dummy: Promise<string> | undefined;
export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  dummy ??= argon2.hash(`no-such-account-${Math.random()}`, { type: argon2.argon2id });
  const against = hash ?? (await dummy);
  try {
    const ok = await argon2.verify(against, password);
    return ok && hash !== null;
  } catch {
    return false;
  }
}

/** The rules a new password meets (400 naming `password`); `email` so it may not be the address. */
export function checkNewPassword(password: unknown, email: string): string {
  if (typeof password !== 'string' || password.length === 0) throw DomainError.invalid('password', 'is required');
  if ([...password].length < MIN_PASSWORD_LENGTH)
    throw DomainError.invalid('password', `must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH) throw DomainError.invalid('password', `is longer than ${MAX_PASSWORD_LENGTH} characters`);
  if (isCommon(password, email)) throw DomainError.invalid('password', 'is too common or too easy to guess');
  return password;
}

function isCommon(password: string, email: string): boolean {
  const lower = password.normalize('NFC').toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return true;
  // one character repeated, or a run of the keyboard or the alphabet ("aaaaaaaaaaaa", "123456789012")
  if (new Set(lower).size <= 2) return true;
  const runs = ['01234567890123456789', '98765432109876543210', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiopasdfghjklzxcvbnm'];
  if (runs.some((run) => run.includes(lower))) return true;
  // the address itself, or its name part with digits and signs around it
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  const stripped = lower.replace(/[^a-z]/g, '');
  if (lower === email.toLowerCase() || (local.length >= 4 && stripped === local.replace(/[^a-z]/g, ''))) return true;
  // a common password with digits or signs appended ("password1234!", "matkhau@2025")
  const base = lower.replace(/[\d\W_]+$/u, '');
  return base.length >= 4 && COMMON_PASSWORDS.has(base);
}
