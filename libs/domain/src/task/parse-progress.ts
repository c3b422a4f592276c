import { DomainError } from '../shared/domain-error';
import { FieldChecks } from '../shared/field-checks';
import { objectInput } from '../shared/object-input';
import { identifier, optionalText, requiredText } from '../shared/text';
import { RaiseBlocker, ReportProgress, ResolveBlocker } from './task.commands';
import { PROSE } from './task.validation';

export function parseReportProgress(input: unknown): ReportProgress {
  const d = objectInput(input);
  const checks = new FieldChecks();
  const percent = checks.run(() => wholePercent(d.percent));
  const note = checks.run(() => optionalText(d.note, 'note', PROSE));
  checks.throwIfAny();
  return { type: 'ReportProgress', data: { percent, note } };
}

export function parseRaiseBlocker(input: unknown): RaiseBlocker {
  const d = objectInput(input);
  const checks = new FieldChecks();
  const blockerId = checks.run(() => identifier(d.blockerId, 'blockerId'));
  const description = checks.run(() => requiredText(d.description, 'description', PROSE));
  checks.throwIfAny();
  return { type: 'RaiseBlocker', data: { blockerId, description } };
}

export function parseResolveBlocker(input: unknown): ResolveBlocker {
  const d = objectInput(input);
  // The blocker is named by the path: one that cannot exist is not found (the decider's 404), not a bad field.
  const blockerId = typeof d.blockerId === 'string' ? d.blockerId : '';
  return { type: 'ResolveBlocker', data: { blockerId, note: optionalText(d.note, 'note', PROSE) } };
}

function wholePercent(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 100) {
    throw DomainError.invalid('percent', 'must be a whole number from 0 to 100');
  }
  return value;
}
