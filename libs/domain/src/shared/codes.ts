import { DomainError } from './domain-error';

/**
 * Agency and task codes people can tell apart.
 *
 * A code names a stream, appears in URLs, email subjects, CSV files and reports, and officers
 * type it from paper. Two codes that look the same must be the same code, and a code must never
 * hide characters a reader cannot see. So a code is normalised first and then held to a small
 * alphabet:
 *
 * - Unicode NFKC (full-width `ＢＣＡ` → `BCA`, decomposed accents composed), trimmed;
 *   agency codes also upper-cased (`bca` names agency `BCA`);
 * - Latin letters (Vietnamese letters included, `Đ`, `Ệ`, …), ASCII digits and `-_.`
 *   (agency codes) or `-_./` (task codes, which follow document numbers such as `71/NQ-CP`),
 *   starting with a letter or a digit.
 *
 * Refused, naming the field and the character: invisible and format characters (zero-width
 * space, joiners, soft hyphen), bidirectional controls (RLO and friends), letters of other
 * scripts (Cyrillic `ВСА`, Greek `Α`) that look like Latin ones, and any other symbol.
 */

// Format and control characters (zero-width space and joiners, soft hyphen, BOM) and Hangul fillers: blank to the eye.
// Variation selectors and other combining marks are refused by the alphabet (a code holds no marks after NFKC).
const INVISIBLE = /[\p{Cf}\p{Cc}\p{Zl}\p{Zp}\u115f\u1160\u3164\uffa0]/u;
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const AGENCY_ALPHABET = /^[\p{Script=Latin}0-9][\p{Script=Latin}0-9._-]*$/u;
const TASK_ALPHABET = /^[\p{Script=Latin}0-9][\p{Script=Latin}0-9._/-]*$/u;
const AGENCY_CHAR = /^[\p{Script=Latin}0-9._-]$/u;
const TASK_CHAR = /^[\p{Script=Latin}0-9._/-]$/u;

export const AGENCY_CODE_MAX = 32;
export const TASK_CODE_MAX = 100;

/** NFKC, trimmed and upper-cased: the form an agency code is stored and compared in. */
export function normaliseAgencyCode(code: string): string {
  return code.normalize('NFKC').trim().toUpperCase().normalize('NFC');
}

/** NFKC and trimmed: the form a task code is stored and compared in (case kept as written). */
export function normaliseTaskCode(code: string): string {
  return code.normalize('NFKC').trim();
}

export function agencyCode(value: unknown, field: string): string {
  return checkedCode(value, field, normaliseAgencyCode, AGENCY_ALPHABET, AGENCY_CHAR, AGENCY_CODE_MAX, "'-', '_' and '.'");
}

export function taskCode(value: unknown, field: string): string {
  return checkedCode(value, field, normaliseTaskCode, TASK_ALPHABET, TASK_CHAR, TASK_CODE_MAX, "'-', '_', '.' and '/'");
}

/** The agency code a value normalises to, or null when it cannot be one (the decider reports why). */
export function agencyCodeOrNull(value: unknown): string | null {
  try {
    return agencyCode(value, 'code');
  } catch {
    return null;
  }
}

function checkedCode(
  value: unknown,
  field: string,
  normalise: (code: string) => string,
  alphabet: RegExp,
  allowedChar: RegExp,
  max: number,
  punctuation: string,
): string {
  if (typeof value !== 'string' || value.trim() === '') throw DomainError.invalid(field, 'is required');
  if (!value.isWellFormed()) throw DomainError.invalid(field, 'is not valid Unicode text');
  if (BIDI_CONTROL.test(value))
    throw DomainError.invalid(field, `contains a bidirectional control character (${codePoint(value, BIDI_CONTROL)})`);
  if (INVISIBLE.test(value)) throw DomainError.invalid(field, `contains an invisible character (${codePoint(value, INVISIBLE)})`);
  const code = normalise(value);
  if (code.length > max) throw DomainError.invalid(field, `is longer than ${max} characters`);
  if (!alphabet.test(code)) {
    const odd = [...code].find((c) => !allowedChar.test(c));
    const why = odd && /\p{L}/u.test(odd) ? ', a letter of another script' : '';
    throw DomainError.invalid(
      field,
      `may hold only Latin letters (Vietnamese included), digits 0-9 and ${punctuation}, starting with a letter or digit` +
        (odd ? `; found ${describe(odd)}${why}` : ''),
    );
  }
  return code;
}

function codePoint(value: string, pattern: RegExp): string {
  const c = [...value].find((ch) => pattern.test(ch)) as string;
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

function describe(c: string): string {
  const hex = `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return /\p{L}|\p{N}|\p{P}|\p{S}/u.test(c) ? `'${c}' (${hex})` : hex;
}
