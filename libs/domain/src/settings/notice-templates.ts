import { DomainError } from '../shared/domain-error';
import { FieldChecks } from '../shared/field-checks';
import { objectInput } from '../shared/object-input';
import { requiredText } from '../shared/text';

/**
 * The letters' templates (issue 12): the shipped Handlebars files in config/templates are the
 * defaults; an admin may replace any of them. Each replacement is an event on the template's own
 * stream, so every version stays on record with who saved it; `body: null` restores the default.
 */
export const NOTICE_TEMPLATE_NAMES = [
  'notice.subject',
  'notice.text',
  'notice.html',
  'digest.subject',
  'digest.text',
  'digest.html',
  '_task-vi.text',
  '_task-vi.html',
  '_task-en.text',
  '_task-en.html',
] as const;
export type NoticeTemplateName = (typeof NOTICE_TEMPLATE_NAMES)[number];

export const MAX_TEMPLATE_LENGTH = 100_000;

export interface NoticeTemplateSet {
  type: 'NoticeTemplateSet';
  data: { name: NoticeTemplateName; body: string | null };
}

export const noticeTemplateStreamId = (name: NoticeTemplateName): string => `settings-template-${name}`;

export function noticeTemplateName(value: string): NoticeTemplateName {
  if (!(NOTICE_TEMPLATE_NAMES as readonly string[]).includes(value)) {
    throw DomainError.invalid('name', `must be one of ${NOTICE_TEMPLATE_NAMES.join(', ')}`);
  }
  return value as NoticeTemplateName;
}

/** A template's text: multi-line, bounded, no control characters. */
export function templateText(value: unknown, field: string): string {
  return requiredText(value, field, { multiline: true, max: MAX_TEMPLATE_LENGTH });
}

/** `{body}`: the template's new text, or null for the shipped default. Syntax is checked where Handlebars lives. */
export function parseNoticeTemplate(name: NoticeTemplateName, input: unknown): NoticeTemplateSet['data'] {
  const body = objectInput(input).body;
  const checks = new FieldChecks();
  const checked = checks.run(() => {
    if (body === null) return null;
    if (typeof body !== 'string') throw DomainError.invalid('body', 'must be text');
    return templateText(body, 'body');
  });
  checks.throwIfAny();
  return { name, body: checked ?? null };
}
