import type { Anchor } from '@app/event-store';
import { DateTime } from 'luxon';
import type { OutgoingMail } from './mail-transport';
import { mailDomainFrom, messageIdFor } from './message-id';

export interface AnchorMailOptions {
  mailFrom: string;
  to: string[];
  publicUrl: string;
  timeZone: string;
}

/**
 * An anchor for the auditors' mailboxes: a copy of the signed statement kept where whoever can
 * rewrite the database cannot reach. The body carries the anchor as one JSON line without the
 * stream heads (the signature does not cover them; the root stands for them), which an auditor
 * pastes into POST /api/v1/audit/verify or `npm run cli -- verify --anchors` to prove later that
 * nothing anchored was changed. Vietnamese first, English second.
 */
export function renderAnchorMail(anchor: Anchor, options: AnchorMailOptions): OutgoingMail {
  const { leaves: _leaves, ...signed } = anchor;
  const line = JSON.stringify(signed);
  const when = DateTime.fromISO(anchor.createdAt, { zone: options.timeZone }).toFormat('dd/MM/yyyy HH:mm');
  const verifyUrl = `${options.publicUrl.replace(/\/+$/, '')}/api/v1/audit/verify`;
  const text = [
    'Kính gửi: Bộ phận kiểm tra, thanh tra,',
    '',
    `Hệ thống đã lập mốc kiểm chứng lịch sử lúc ${when}: ${anchor.events} sự kiện trong ${anchor.streams} luồng,`,
    `đến vị trí ${anchor.feed.position}. Gốc Merkle: ${anchor.root}. Khóa ký: ${anchor.keyId}.`,
    `Xin lưu giữ thư này. Để kiểm chứng sau này, dán dòng dưới đây vào ${verifyUrl} (POST, {"anchors": [...]}).`,
    '',
    `An anchor of the history was made at ${anchor.createdAt}: ${anchor.events} events in ${anchor.streams} streams up to`,
    `position ${anchor.feed.position}, Merkle root ${anchor.root}, signed with key ${anchor.keyId}. Keep this email;`,
    `paste the line below into ${verifyUrl} to prove later that nothing anchored was changed.`,
    '',
    line,
    '',
  ].join('\n');
  const html = `<pre style="white-space:pre-wrap">${escapeHtml(text)}</pre>`;
  return {
    messageId: messageIdFor(`anchor-${anchor.root.slice(0, 32)}-${anchor.feed.position}`, mailDomainFrom(options.mailFrom)),
    from: options.mailFrom,
    to: options.to,
    subject: `V/v mốc kiểm chứng lịch sử ${when} (anchor ${anchor.root.slice(0, 12)})`,
    text,
    html,
    headers: { 'X-DLE-Anchor-Root': anchor.root },
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
