import { FieldChecks } from '../shared/field-checks';
import { LIST_LIMITS, boundedList } from '../shared/limits';
import { objectInput } from '../shared/object-input';
import { requiredEmail } from '../shared/text';
import type { CoordinatorsSet } from './settings.events';

/** The coordinators' addresses from `{emails: [...]}`: each checked, duplicates dropped, every bad one named. */
export function parseCoordinators(input: unknown): CoordinatorsSet['data'] {
  const list = boundedList(objectInput(input).emails, 'emails', LIST_LIMITS.coordinatorEmails, 'email addresses');
  const checks = new FieldChecks();
  const emails = list.map((e, i) => checks.run(() => requiredEmail(e, `emails[${i}]`)));
  checks.throwIfAny();
  return { emails: [...new Set(emails)] };
}
