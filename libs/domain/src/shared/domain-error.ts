/**
 * A command the domain refuses. `validation` maps to 400 (with the fields at fault),
 * `conflict` to 409 (invalid transition, duplicate), `not_found` to 404.
 */
export type DomainErrorKind = 'validation' | 'conflict' | 'not_found';

export interface FieldIssue {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details: FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static invalid(field: string, message: string): DomainError {
    return new DomainError('validation', 'validation_failed', `${field}: ${message}`, [{ field, message }]);
  }

  /** Several fields at fault at once (api.md: "every field at fault named in details"). */
  static invalidFields(issues: FieldIssue[]): DomainError {
    if (issues.length === 1) return DomainError.invalid(issues[0].field, issues[0].message);
    const message = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
    return new DomainError('validation', 'validation_failed', message, issues);
  }

  static conflict(code: string, message: string): DomainError {
    return new DomainError('conflict', code, message);
  }

  static notFound(what: string): DomainError {
    return new DomainError('not_found', 'not_found', `${what} not found`);
  }
}
