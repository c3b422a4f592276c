import { DomainError } from './domain-error';

/** A command's input as a JSON object, or a 400 naming `field`: arrays, strings and null are not commands. */
export function objectInput(value: unknown, field = 'body'): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw DomainError.invalid(field, 'must be a JSON object');
  return value as Record<string, unknown>;
}
