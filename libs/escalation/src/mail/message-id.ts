import { domainToASCII } from 'node:url';
import addressparser from 'nodemailer/lib/addressparser';

/** Used when MAIL_FROM is unset or its address has no usable domain. */
export const DEFAULT_MAIL_DOMAIN = 'dle.local';

/**
 * The Message-ID of a notice's email: `<noticeId@domain>`.
 *
 * Deterministic on purpose (architecture.md, "each notice exactly once"): when a worker crashes
 * between the SMTP server accepting a message and the delivery event being recorded, the retry
 * sends the same Message-ID, so receiving servers and mail clients can drop the copy.
 *
 * The notice id is encoded so the left part is always an RFC 5322 dot-atom, whatever the id
 * contains (`:` and `.` are common in composite ids): characters outside atext, plus `.` and
 * `%`, become `%XX` of their UTF-8 bytes. The mapping is one-to-one, so distinct notices never
 * share a Message-ID.
 */
export function messageIdFor(noticeId: string, domain: string = DEFAULT_MAIL_DOMAIN): string {
  if (noticeId.length === 0) throw new Error('messageIdFor: noticeId is empty');
  const asciiDomain = normaliseDomain(domain);
  if (!asciiDomain) throw new Error(`messageIdFor: "${domain}" is not a usable mail domain`);
  return `<${encodeLocalPart(noticeId)}@${asciiDomain}>`;
}

/**
 * The domain for Message-IDs, taken from the MAIL_FROM address
 * (`"Hệ thống theo dõi nhiệm vụ" <no-reply@vpcp.gov.vn>` gives `vpcp.gov.vn`),
 * or `dle.local` when there is none.
 */
export function mailDomainFrom(mailFrom: string | null | undefined): string {
  if (!mailFrom) return DEFAULT_MAIL_DOMAIN;
  const parsed = addressparser(mailFrom, { flatten: true });
  const address = parsed.find((a) => a.address)?.address ?? '';
  const at = address.lastIndexOf('@');
  if (at < 0) return DEFAULT_MAIL_DOMAIN;
  return normaliseDomain(address.slice(at + 1)) ?? DEFAULT_MAIL_DOMAIN;
}

// atext of RFC 5322 minus `%` (our escape character); `.` is escaped too because a dot-atom may
// not start or end with one nor repeat it.
const SAFE = /[A-Za-z0-9!#$&'*+\-/=?^_`{|}~]/;

function encodeLocalPart(value: string): string {
  let out = '';
  for (const ch of value) {
    if (SAFE.test(ch)) {
      out += ch;
      continue;
    }
    for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Lower-case ASCII host name (IDN via punycode), or null when it is not one. */
function normaliseDomain(domain: string): string | null {
  const trimmed = domain.trim().replace(/\.$/, '');
  if (!trimmed || /[\s<>@[\]]/.test(trimmed)) return null;
  const ascii = domainToASCII(trimmed.toLowerCase());
  if (!ascii || !/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/.test(ascii)) return null;
  return ascii;
}
