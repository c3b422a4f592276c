import type { OutgoingMail } from '@app/escalation';
import { mailDomainFrom, messageIdFor } from '@app/escalation';

export type AccountMailKind = 'invitation' | 'reset';

export interface AccountMail {
  kind: AccountMailKind;
  to: { name: string; email: string; title: string | null };
  language: 'vi' | 'en';
  link: string;
  /** when the link stops working, already formatted for the reader (dd/MM/yyyy HH:mm) */
  expires: string;
  office: string;
  mailFrom: string;
  replyTo?: string;
  /** unique per link, so a resend is a new message */
  linkId: string;
}

/** The invitation and password-reset letters: Vietnamese administrative wording, or English for an English reader. */
export function renderAccountMail(mail: AccountMail): OutgoingMail {
  const who = mail.to.title ? `${mail.to.title} ${mail.to.name}` : mail.to.name;
  const vi = mail.language === 'vi';
  const lines =
    mail.kind === 'invitation'
      ? vi
        ? [
            `Kính gửi: ${who},`,
            '',
            `${mail.office} đã tạo tài khoản cho đồng chí trên Hệ thống theo dõi, đôn đốc thực hiện nhiệm vụ.`,
            'Để kích hoạt tài khoản, đồng chí vui lòng mở đường dẫn dưới đây và đặt mật khẩu (ít nhất 12 ký tự):',
            '',
            mail.link,
            '',
            `Đường dẫn chỉ dùng được một lần và hết hạn lúc ${mail.expires}.`,
            'Nếu đồng chí không đề nghị tài khoản này, xin bỏ qua thư.',
          ]
        : [
            `Dear ${who},`,
            '',
            `${mail.office} has created an account for you in the task tracking system.`,
            'To activate it, open the link below and choose a password (at least 12 characters):',
            '',
            mail.link,
            '',
            `The link works once and expires at ${mail.expires}.`,
            'If you did not expect this account, ignore this email.',
          ]
      : vi
        ? [
            `Kính gửi: ${who},`,
            '',
            'Hệ thống nhận được đề nghị đặt lại mật khẩu cho tài khoản của đồng chí.',
            'Để đặt mật khẩu mới, đồng chí vui lòng mở đường dẫn dưới đây:',
            '',
            mail.link,
            '',
            `Đường dẫn chỉ dùng được một lần và hết hạn lúc ${mail.expires}.`,
            'Nếu đồng chí không đề nghị, xin bỏ qua thư; mật khẩu hiện tại vẫn giữ nguyên.',
          ]
        : [
            `Dear ${who},`,
            '',
            'We received a request to reset the password of your account.',
            'To choose a new password, open the link below:',
            '',
            mail.link,
            '',
            `The link works once and expires at ${mail.expires}.`,
            'If you did not ask for this, ignore this email; your password stays as it is.',
          ];
  const text = [...lines, '', mail.office, ''].join('\n');
  const subject =
    mail.kind === 'invitation'
      ? vi
        ? 'V/v kích hoạt tài khoản Hệ thống theo dõi nhiệm vụ'
        : 'Activate your task tracking account'
      : vi
        ? 'V/v đặt lại mật khẩu tài khoản'
        : 'Reset your password';
  const html = `<div style="font-family:'Times New Roman',serif;font-size:14pt;line-height:1.5">${lines
    .map((l) =>
      l === mail.link
        ? `<p><a href="${escapeHtml(l)}">${escapeHtml(vi ? 'Mở đường dẫn' : 'Open the link')}</a><br><small>${escapeHtml(l)}</small></p>`
        : `<p>${escapeHtml(l) || '&nbsp;'}</p>`,
    )
    .join('')}<p><strong>${escapeHtml(mail.office)}</strong></p></div>`;
  return {
    messageId: messageIdFor(`account-${mail.kind}-${mail.linkId}`, mailDomainFrom(mail.mailFrom)),
    from: mail.mailFrom,
    to: [mail.to.email],
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    subject,
    text,
    html,
    headers: { 'X-DLE-Account-Mail': mail.kind },
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
