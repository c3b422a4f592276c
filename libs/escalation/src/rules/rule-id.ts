import { randomBytes } from 'node:crypto';
import { RULE_ID_PATTERN } from '@app/domain';

/**
 * An id for a rule created without one: a readable slug of its name plus 6 random hex digits
 * (`nhac-truoc-han-5-ngay-3f9a2c`), so ids stay meaningful in URLs and logs yet two rules with
 * the same name never clash. Vietnamese letters lose their marks (đ → d).
 */
export function generateRuleId(name: unknown, random: () => string = () => randomBytes(3).toString('hex')): string {
  const slug = typeof name === 'string' ? slugify(name).slice(0, 48).replace(/-+$/, '') : '';
  const id = slug ? `${slug}-${random()}` : `rule-${random()}`;
  return RULE_ID_PATTERN.test(id) ? id : `rule-${random()}`;
}

export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
