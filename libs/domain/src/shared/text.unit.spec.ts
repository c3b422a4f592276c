import { DomainError } from './domain-error';
import { FieldChecks } from './field-checks';
import { identifier, optionalEmail, optionalText, requiredText } from './text';

describe('text checks', () => {
  it('refuses blank required text', () => {
    expect(() => requiredText('  ', 'title')).toThrow(/title: is required/);
  });

  it('refuses CR/LF in single-line text (email header injection)', () => {
    expect(() => requiredText('Bộ Công an\r\nBcc: x@evil.test', 'head.name')).toThrow(/single line/);
  });

  it('allows line breaks in prose but not other control characters', () => {
    expect(optionalText('dòng 1\ndòng 2', 'note', { multiline: true })).toBe('dòng 1\ndòng 2');
    expect(() => optionalText('a\u0000b', 'note', { multiline: true })).toThrow(/control characters/);
  });

  it('refuses text over its length limit', () => {
    expect(() => requiredText('x'.repeat(1_000_000), 'description', { multiline: true })).toThrow(/longer than/);
  });

  it('keeps Vietnamese text exactly as written', () => {
    expect(requiredText('Hoàn thành Đề án 06', 'title')).toBe('Hoàn thành Đề án 06');
  });

  it('refuses codes with surrounding spaces and malformed emails', () => {
    expect(() => identifier(' NQ71 ', 'code')).toThrow(/spaces/);
    expect(() => optionalEmail('not an email', 'assignee.email')).toThrow(/email/);
    expect(optionalEmail('a@bca.gov.vn', 'assignee.email')).toBe('a@bca.gov.vn');
  });

  it('collects every field at fault into one error', () => {
    const checks = new FieldChecks();
    checks.run(() => requiredText('', 'title'));
    checks.run(() => requiredText('', 'code'));
    try {
      checks.throwIfAny();
      throw new Error('expected a DomainError');
    } catch (error) {
      expect((error as DomainError).details.map((d) => d.field)).toEqual(['title', 'code']);
    }
  });
});
