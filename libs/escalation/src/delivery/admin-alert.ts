import { Logger } from '@nestjs/common';
import { noticeStreamId } from '@app/domain';
import type { EventStore, SqlDatabase } from '@app/event-store';
import { PermanentMailError } from '../mail/mail-errors';
import type { MailTransport } from '../mail/mail-transport';
import { toSingleLine } from '../mail/mail-safety';
import { mailDomainFrom, messageIdFor } from '../mail/message-id';
import { foldNotice } from '../notices/notice-state';
import { alertJobId } from '../queue/notice-queue';

export interface AdminAlertDeps {
  store: EventStore;
  db: SqlDatabase;
  transport: MailTransport;
}

export interface AdminAlertOptions {
  mailFrom: string;
  publicUrl: string;
}

export type AlertOutcome = 'sent' | 'no-admins' | 'not-failed';

/**
 * Tells the admins that a notice ended as failed (quality.md: "a permanent rejection ends as
 * failed, reported to admins"): one email to the coordinators list (/settings/coordinators),
 * with its own deterministic Message-ID so a retried alert is recognisably the same. Without
 * coordinators the failure is logged and stays visible in GET /notifications?status=failed.
 */
export class AdminAlerts {
  private readonly logger = new Logger(AdminAlerts.name);

  constructor(
    private readonly deps: AdminAlertDeps,
    private readonly options: AdminAlertOptions,
  ) {}

  async send(noticeId: string): Promise<AlertOutcome> {
    const notice = foldNotice(await this.deps.store.readStream(noticeStreamId(noticeId)));
    if (notice.status !== 'failed' || !notice.issued) return 'not-failed';
    const admins = await coordinatorEmails(this.deps.db);
    if (admins.length === 0) {
      this.logger.warn(`notice ${noticeId} failed and no coordinators are set to be told (PUT /settings/coordinators)`);
      return 'no-admins';
    }
    const issued = notice.issued;
    const tasks = issued.items.map((i) => clean(i.taskCode)).join(', ');
    const to = issued.recipients.map((r) => clean(r.email)).join(', ') || '—';
    const error = clean(notice.lastError ?? '');
    const link = `${clean(this.options.publicUrl).replace(/\/+$/, '')}/api/v1/notifications?status=failed`;
    const lines = [
      'Kính gửi: Quản trị hệ thống,',
      '',
      `Thông báo ${issued.noticeId} (quy tắc ${clean(issued.ruleId)}, mức ${issued.level}) về nhiệm vụ ${tasks} không gửi được sau ${notice.attempts} lần thử.`,
      `Người nhận: ${to}`,
      `Lỗi: ${error}`,
      `Danh sách thông báo lỗi: ${link}`,
      '',
      '---',
      '',
      `Notice ${issued.noticeId} (rule ${clean(issued.ruleId)}, level ${issued.level}) about ${tasks} could not be delivered after ${notice.attempts} attempt(s).`,
      `Recipients: ${to}`,
      `Error: ${error}`,
      `Failed notices: ${link}`,
    ];
    const text = `${lines.join('\n')}\n`;
    const html = `<!doctype html><html><body>${lines.map((l) => (l ? `<p>${escapeHtml(l)}</p>` : '')).join('')}</body></html>`;
    try {
      await this.deps.transport.send({
        messageId: messageIdFor(alertJobId(noticeId), mailDomainFrom(this.options.mailFrom)),
        from: this.options.mailFrom,
        to: admins,
        subject: `Thông báo không gửi được / Notice not delivered: ${shortList(issued.items.map((i) => clean(i.taskCode)))}`,
        text,
        html,
        headers: { 'X-DLE-Alert-For': noticeId },
      });
    } catch (error) {
      if (error instanceof PermanentMailError) this.logger.error(`the admin alert for ${noticeId} was refused: ${error.message}`);
      throw error;
    }
    return 'sent';
  }
}

export async function coordinatorEmails(db: SqlDatabase): Promise<string[]> {
  const { rows } = await db.query<{ value: { emails?: string[] } }>(`SELECT value FROM rm_settings WHERE key = 'coordinators'`);
  return [...new Set((rows[0]?.value.emails ?? []).map((e) => e.trim()).filter(Boolean))];
}

const clean = (value: string): string => toSingleLine(String(value));

/** A digest may list dozens of tasks: the subject names the first few. */
function shortList(codes: string[], max = 5): string {
  return codes.length > max ? `${codes.slice(0, max).join(', ')} (+${codes.length - max})` : codes.join(', ');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
