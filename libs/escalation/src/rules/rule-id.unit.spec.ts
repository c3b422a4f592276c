import { RULE_ID_PATTERN } from '@app/domain';
import { generateRuleId, slugify } from './rule-id';

describe('generateRuleId', () => {
  it('slugs a Vietnamese name without its marks, then adds a random suffix', () => {
    expect(slugify('Nhắc trước hạn 5 ngày làm việc / Đôn đốc')).toBe('nhac-truoc-han-5-ngay-lam-viec-don-doc');
    expect(generateRuleId('Quá hạn 7 ngày', () => 'abc123')).toBe('qua-han-7-ngay-abc123');
  });

  it('always gives a valid rule id, even from an empty, odd or very long name', () => {
    for (const name of ['', '!!!', undefined, 42, 'x'.repeat(500), '   Đ   ']) {
      expect(generateRuleId(name)).toMatch(RULE_ID_PATTERN);
    }
  });
});
