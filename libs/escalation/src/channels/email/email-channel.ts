import type { ChannelNotice, ChannelReceipt, DeliveryChannel } from '../channel';
import type { MailTransport } from '../../mail/mail-transport';

/**
 * Email, the first channel: the rendered letter to its recipients' addresses through nodemailer
 * over SMTP_URL, or into the outbox directory. Its TemporaryMailError and PermanentMailError
 * reach the queue, which retries the first and gives up on the second.
 */
export class EmailChannel implements DeliveryChannel {
  readonly kind = 'email';

  constructor(
    private readonly transport: MailTransport,
    /** MAIL_FROM */
    private readonly from: string,
    /** the injected clock, for the Date header */
    private readonly now: () => Date = () => new Date(),
    /** MAIL_REPLY_TO */
    private readonly replyTo?: string,
  ) {}

  async send(notice: ChannelNotice): Promise<ChannelReceipt> {
    const sent = await this.transport.send({
      messageId: notice.messageId,
      from: this.from,
      to: [...new Set(notice.recipients.map((r) => r.email.trim()))],
      subject: notice.subject,
      text: notice.text,
      html: notice.html ?? '',
      headers: notice.headers,
      date: this.now(),
      ...(this.replyTo ? { replyTo: this.replyTo } : {}),
      ...(notice.attachments?.length ? { attachments: notice.attachments } : {}),
    });
    return {
      target: this.transport.target,
      attempts: 1,
      response: sent.response ?? null,
      accepted: sent.accepted,
      rejected: sent.rejected,
    };
  }
}
