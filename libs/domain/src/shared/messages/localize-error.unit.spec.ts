import { parseRegisterAgency } from '../../agency/parse-agency-commands';
import { parseCreateRule } from '../../rules/parse-rule-commands';
import { parseTaskCommand } from '../../task/parse-task-command';
import { TZ, calendar } from '../../testing/task-fixtures';
import { ACCEPTED_DEADLINE_FORMS } from '../../deadline/deadline-expression';
import { DomainError } from '../domain-error';
import { ACCEPTED_DEADLINE_FORMS_VI } from './error-messages';
import { pickLanguage } from './language';
import { localizeError } from './localize-error';

const ctx = { calendar, timeZone: TZ };

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const asBody = (e: DomainError) => ({ code: e.code, message: e.message, details: e.details });

describe('pickLanguage', () => {
  it.each([
    [undefined, 'vi'],
    ['', 'vi'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['vi-VN,vi;q=0.9,en-US;q=0.8', 'vi'],
    ['fr-FR,fr;q=0.9,en;q=0.5,vi;q=0.4', 'en'],
    ['en;q=0.2,vi;q=0.8', 'vi'],
    ['de,fr', 'vi'],
    ['en;q=0', 'vi'],
    ['*', 'vi'],
  ])('Accept-Language %p → %s', (header, expected) => {
    expect(pickLanguage(header)).toBe(expected);
  });

  it("puts a person's own setting before the browser's header", () => {
    expect(pickLanguage('vi-VN', 'en')).toBe('en');
    expect(pickLanguage('en', 'vi')).toBe('vi');
  });
});

describe('localizeError', () => {
  it('leaves English as written and keeps code and fields in Vietnamese', () => {
    const error = asBody(refusal(() => parseTaskCommand('ReportProgress', { percent: 150 }, ctx)));
    expect(localizeError(error, 'en')).toEqual(error);
    expect(localizeError(error, 'vi')).toEqual({
      code: 'validation_failed',
      message: 'Dữ liệu không hợp lệ: percent phải là số nguyên từ 0 đến 100',
      details: [{ field: 'percent', message: 'phải là số nguyên từ 0 đến 100' }],
    });
  });

  it('renders in Vietnamese every message the parsers raise for broken tasks, agencies and rules', () => {
    const long = 'x'.repeat(20_001);
    const refusals = [
      () =>
        parseTaskCommand(
          'AssignTask',
          {
            taskId: ' x',
            code: 'ＡＢ\u200b',
            title: 5,
            description: long,
            source: [],
            leadAgency: 'BCA',
            coordinatingAgencies: ['BCA'],
            assignee: { name: 'A\nB', email: 'x' },
            deadline: '2026-02-30',
            priority: 'urgent',
          },
          ctx,
        ),
      () =>
        parseTaskCommand(
          'AssignTask',
          { coordinatingAgencies: 'BCA', assignee: 'A', source: { kind: '', ref: 'r', issuedOn: '1/1' } },
          ctx,
        ),
      () => parseTaskCommand('ExtendDeadline', { newDeadline: 'ongoing', reason: '' }, ctx),
      () => parseTaskCommand('ReportProgress', [], ctx),
      () => parseRegisterAgency({ code: 'B C A', name: '', kind: 'company', head: { name: '', title: 'x', email: 'nope' } }),
      () =>
        parseCreateRule(
          {
            name: '',
            offset: { amount: 'x', unit: 'weeks' },
            recipients: [],
            level: 99,
            digest: 'yes',
            sendWindow: { start: '25:00' },
            extra: 1,
          },
          'bad id',
        ),
      () =>
        parseCreateRule(
          {
            name: 'r',
            offset: { amount: 1, unit: 'days' },
            recipients: ['assignee'],
            unacknowledgedAfter: { amount: 2, unit: 'working_days' },
          },
          'r',
        ),
      () =>
        parseCreateRule(
          {
            name: 'r',
            offset: { amount: 1, unit: 'days' },
            recipients: ['assignee'],
            level: 1,
            unacknowledgedAfter: { amount: 0, unit: 'weeks' },
          },
          'r',
        ),
    ];
    const untranslated = refusals
      .flatMap((run) => localizeError(asBody(refusal(run)), 'vi').details)
      .filter((d) => /\b(is|must|the|not|has|of|and)\b/.test(d.message));
    expect(untranslated).toEqual([]);
  });

  it('says why a deadline was refused and the forms accepted, with the same examples as the English', () => {
    for (const expression of ['Q5/2026', '2026-02-30', '13/2026', 'sớm', '']) {
      const error = refusal(() => parseTaskCommand('RequestExtension', { requestId: 'r', proposedDeadline: expression, reason: 'r' }, ctx));
      const [detail] = localizeError(asBody(error), 'vi').details;
      expect(detail.field).toBe('proposedDeadline');
      expect(detail.message).toMatch(/^(cần ghi thời hạn|".*" (không có (tháng|quý)|không phải là (ngày có thật|một thời hạn)))/);
      expect(detail.message).toContain(ACCEPTED_DEADLINE_FORMS_VI);
    }
    const examples = (text: string) => [...text.matchAll(/"([^"]*\d[^"]*)"/g)].map((m) => m[1]);
    expect(examples(ACCEPTED_DEADLINE_FORMS_VI)).toEqual(examples(ACCEPTED_DEADLINE_FORMS));
  });
});
