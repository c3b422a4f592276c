import { DomainError, FieldIssue } from './domain-error';

/**
 * Runs several field checks and reports every field at fault in one DomainError:
 *   const checks = new FieldChecks();
 *   const title = checks.run(() => requiredText(data.title, 'title'));
 *   checks.throwIfAny();   // after this line every value returned by run() is valid
 */
export class FieldChecks {
  private readonly issues: FieldIssue[] = [];

  run<T>(check: () => T): T {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'validation') throw error;
      this.issues.push(...error.details);
      return undefined as T;
    }
  }

  /** Issues found elsewhere (a lookup of agency codes), reported with the others. */
  add(issues: readonly FieldIssue[]): void {
    this.issues.push(...issues);
  }

  throwIfAny(): void {
    if (this.issues.length > 0) throw DomainError.invalidFields(this.issues);
  }
}
