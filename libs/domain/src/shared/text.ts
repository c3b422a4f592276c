import { DomainError } from './domain-error';

/**
 * Text checks shared by the deciders, so bad input becomes a 400 naming the field and never an
 * event: no blank required text, bounded length, and no control characters. Single-line values
 * (names, codes, emails, references) may not hold CR/LF at all: they end up in email headers.
 */
export interface TextRule {
  multiline?: boolean;
  max?: number;
}

const SINGLE_LINE_MAX = 500;
const MULTILINE_MAX = 20_000;
const CONTROL_SINGLE_LINE = /[\u0000-\u001f\u007f]/;
const CONTROL_MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/;

export function requiredText(value: unknown, field: string, rule: TextRule = {}): string {
  if (typeof value !== 'string' || value.trim() === '') throw DomainError.invalid(field, 'is required');
  return checkText(value, field, rule);
}

/** undefined, null or blank → null; anything else must pass the same checks as required text. */
export function optionalText(value: unknown, field: string, rule: TextRule = {}): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw DomainError.invalid(field, 'must be text');
  if (value.trim() === '') return null;
  return checkText(value, field, rule);
}

/**
 * A code or id: required, single line, no leading or trailing spaces, in Unicode NFC so a code
 * typed with decomposed accents (NFD) names the same agency or task.
 */
export function identifier(value: unknown, field: string, max = 100): string {
  const text = requiredText(value, field, { max });
  if (text !== text.trim()) throw DomainError.invalid(field, 'must not start or end with spaces');
  return text.normalize('NFC');
}

export function optionalEmail(value: unknown, field: string): string | null {
  const text = optionalText(value, field, { max: 254 });
  if (text !== null && !EMAIL.test(text)) throw DomainError.invalid(field, `"${text}" is not an email address`);
  return text;
}

export function requiredEmail(value: unknown, field: string): string {
  const text = optionalEmail(value, field);
  if (text === null) throw DomainError.invalid(field, 'is required');
  return text;
}

function checkText(value: string, field: string, rule: TextRule): string {
  // A lone UTF-16 surrogate cannot be stored as JSON text in PostgreSQL.
  if (!value.isWellFormed()) throw DomainError.invalid(field, 'is not valid Unicode text');
  const max = rule.max ?? (rule.multiline ? MULTILINE_MAX : SINGLE_LINE_MAX);
  if (value.length > max) throw DomainError.invalid(field, `is longer than ${max} characters`);
  const control = rule.multiline ? CONTROL_MULTILINE : CONTROL_SINGLE_LINE;
  if (control.test(value)) {
    throw DomainError.invalid(field, rule.multiline ? 'contains control characters' : 'must be a single line without control characters');
  }
  return value;
}
