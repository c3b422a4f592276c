import { createHash, randomUUID } from 'node:crypto';
import { promises as fsp, constants as fsConstants } from 'node:fs';
import * as path from 'node:path';
import nodemailer from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import type { SMTPPoolSentMessageInfo } from 'nodemailer/lib/smtp-pool';
import { PermanentMailError, TemporaryMailError, toMailError } from './mail-errors';
import { hasControlChars, isValidHeaderName } from './mail-safety';

export { PermanentMailError, TemporaryMailError, classifyMailError } from './mail-errors';
export type { MailErrorKind } from './mail-errors';

export interface OutgoingMail {
  /** `<id@domain>`, from messageIdFor: the same notice always carries the same one */
  messageId: string;
  /** `"Name" <address>` or a bare address (MAIL_FROM) */
  from: string;
  /** one mailbox per entry, `"Name" <address>` or bare */
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** extra headers, e.g. `X-DLE-Notice-Id`; may not replace the structural ones */
  headers?: Record<string, string>;
  /** the Date header's moment, written in Vietnam's +07:00 (nodemailer would write UTC) */
  date?: Date;
  /** a monitored mailbox for answers */
  replyTo?: string;
  /** files carried by the letter (a scheduled report's DOCX and PDF), given inline */
  attachments?: MailAttachment[];
}

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface MailSendResult {
  messageId: string;
  /** recipients the server (or the outbox) took */
  accepted: string[];
  /**
   * Recipients refused for good while others were accepted; the caller reports them. (A
   * temporary refusal of any recipient throws TemporaryMailError instead, see send.)
   */
  rejected: string[];
  /** the server's final reply, or where the outbox wrote the file */
  response: string;
  /** Message-ID a server substituted for ours (Microsoft 365, SES), when it says so */
  serverMessageId?: string;
}

export interface MailTransport {
  /** `smtp` or `outbox`, and where to, passwords redacted: for start-up logs and /health */
  readonly kind: 'smtp' | 'outbox';
  readonly target: string;
  /** Throws PermanentMailError (retrying cannot help) or TemporaryMailError (retry later). */
  send(msg: OutgoingMail): Promise<MailSendResult>;
  /** Connects (and authenticates) or checks the outbox is writable; throws the same errors. */
  verify(): Promise<void>;
  /** Idempotent; sends after close fail with TemporaryMailError so a job retries elsewhere. */
  close(): Promise<void>;
}

export interface MailTransportOptions {
  /** SMTP_URL; unset writes `.eml` files to outboxDir */
  smtpUrl?: string;
  /** `DATA_DIR/outbox` */
  outboxDir: string;
  /**
   * Every wait is bounded so a BullMQ job never stalls on a silent server (architecture.md,
   * BullMQ pitfalls). Query parameters of SMTP_URL override these, as nodemailer merges them.
   */
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
  /** pooled connections per process; default 5 */
  maxConnections?: number;
}

/**
 * Headers nodemailer writes from the message fields. Letting `headers` set them would allow a
 * second From/To/Bcc or a different Message-ID than the one the exactly-once logic relies on.
 */
const RESERVED_HEADERS = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'sender',
  'reply-to',
  'subject',
  'message-id',
  'date',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'content-disposition',
  'return-path',
]);

/**
 * Defaults that keep auto-replies (out-of-office, "mailbox full") away from the no-reply sender
 * (RFC 3834 Auto-Submitted; X-Auto-Response-Suppress for Exchange). Callers may override them.
 */
const DEFAULT_HEADERS: Record<string, string> = {
  'Auto-Submitted': 'auto-generated',
  'X-Auto-Response-Suppress': 'OOF, AutoReply',
};

const MESSAGE_ID = /^<[^<>@\s]+@[^<>@\s]+>$/;
const BARE_ADDRESS = /^[^\s@<>()[\],;:"\\]+@[^\s@<>()[\],;:"\\]+$/;

export function createMailTransport(opts: MailTransportOptions): MailTransport {
  return opts.smtpUrl ? new SmtpMailTransport(opts.smtpUrl, opts) : new OutboxMailTransport(opts.outboxDir);
}

/**
 * SMTP_URL for logs: the password (and any secret-looking query parameter) replaced by `***`.
 * Never log the raw URL.
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const key of [...u.searchParams.keys()]) {
      if (/pass|secret|token|key|auth/i.test(key)) u.searchParams.set(key, '***');
    }
    return u.toString();
  } catch {
    // Not parseable: still hide everything between the user name and the last `@` of the
    // authority (a raw password may itself contain `@` or spaces).
    return url.replace(/^([^:/]*:\/\/)([^/]*)@/, (_m, scheme: string, userinfo: string) => {
      const colon = userinfo.indexOf(':');
      return colon < 0 ? `${scheme}${userinfo}@` : `${scheme}${userinfo.slice(0, colon)}:***@`;
    });
  }
}

interface CheckedMail {
  fromAddress: string;
  toAddresses: string[];
  headers: Record<string, string>;
}

/**
 * Refuses anything that could inject a header or mis-address the mail. Rendering already
 * flattens user text; this is the last line for values that reach the transport another way
 * (agency head emails from the API, custom headers). PermanentMailError: the same input fails
 * the same way on every retry.
 */
function checkOutgoing(msg: OutgoingMail): CheckedMail {
  const bad = (what: string) => new PermanentMailError(`refusing to send ${msg.messageId ?? ''}: ${what}`.replace(/\s+/g, ' '));
  if (typeof msg.messageId !== 'string' || hasControlChars(msg.messageId) || !MESSAGE_ID.test(msg.messageId)) {
    throw new PermanentMailError('refusing to send: Message-ID must look like <id@domain>');
  }
  if (hasControlChars(msg.subject)) throw bad('subject contains CR/LF or control characters');
  const fromAddress = singleMailbox(msg.from, 'from', bad);
  if (!Array.isArray(msg.to) || msg.to.length === 0) throw bad('no recipient');
  const toAddresses = msg.to.map((to, i) => singleMailbox(to, `to[${i}]`, bad));
  if (msg.replyTo !== undefined) singleMailbox(msg.replyTo, 'replyTo', bad);

  const headers: Record<string, string> = { ...DEFAULT_HEADERS };
  for (const [name, value] of Object.entries(msg.headers ?? {})) {
    if (!isValidHeaderName(name)) throw bad(`invalid header name ${JSON.stringify(name)}`);
    if (RESERVED_HEADERS.has(name.toLowerCase())) throw bad(`header ${name} is set from the message fields`);
    if (typeof value !== 'string' || hasControlChars(value)) throw bad(`header ${name} contains CR/LF or control characters`);
    for (const existing of Object.keys(headers)) {
      if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
    }
    headers[name] = value;
  }
  return { fromAddress, toAddresses, headers };
}

/**
 * `Sat, 05 Dec 2026 10:39:50 +0700`: the reader's own time in the Date header. Vietnam keeps
 * +07:00 all year (no daylight saving), so a fixed offset is exact.
 */
export function rfc2822InVietnam(date: Date): string {
  const shifted = new Date(date.getTime() + 7 * 3_600_000);
  return shifted.toUTCString().replace(/GMT$/, '+0700');
}

function singleMailbox(value: unknown, field: string, bad: (what: string) => PermanentMailError): string {
  if (typeof value !== 'string' || value.trim() === '') throw bad(`${field} is empty`);
  if (hasControlChars(value)) throw bad(`${field} contains CR/LF or control characters`);
  const parsed = addressparser(value, { flatten: true });
  if (parsed.length !== 1 || !parsed[0].address || !BARE_ADDRESS.test(parsed[0].address)) {
    throw bad(`${field} is not one valid email address`);
  }
  return parsed[0].address;
}

function toNodemailer(msg: OutgoingMail, checked: CheckedMail) {
  return {
    messageId: msg.messageId,
    from: msg.from,
    to: msg.to,
    subject: msg.subject,
    text: msg.text,
    html: msg.html,
    ...(msg.replyTo ? { replyTo: msg.replyTo } : {}),
    ...(msg.attachments?.length ? { attachments: msg.attachments.map((a) => ({ ...a })) } : {}),
    headers: msg.date ? { ...checked.headers, Date: rfc2822InVietnam(msg.date) } : checked.headers,
    // The SMTP envelope uses the bare addresses we validated, not nodemailer's own re-parse.
    envelope: { from: checked.fromAddress, to: checked.toAddresses },
    // Content is always given inline; never let a field be read as a file path or URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

class SmtpMailTransport implements MailTransport {
  readonly kind = 'smtp' as const;
  readonly target: string;
  private readonly transporter: ReturnType<typeof createPool>;
  private readonly secrets: string[];
  private closed = false;

  constructor(smtpUrl: string, opts: MailTransportOptions) {
    this.target = redactUrl(smtpUrl);
    this.secrets = secretsOf(smtpUrl);
    try {
      this.transporter = createPool(smtpUrl, opts);
    } catch (err) {
      throw toMailError(err, `invalid SMTP_URL ${this.target}`, (t) => this.scrub(t));
    }
  }

  async send(msg: OutgoingMail): Promise<MailSendResult> {
    const checked = checkOutgoing(msg);
    if (this.closed) throw new TemporaryMailError('mail transport is closed');
    let info: SMTPPoolSentMessageInfo;
    try {
      info = await this.transporter.sendMail(toNodemailer(msg, checked));
    } catch (err) {
      throw toMailError(err, `sending ${msg.messageId} via ${this.target} failed`, (t) => this.scrub(t));
    }
    const rejectedErrors = (info as { rejectedErrors?: Array<{ responseCode?: number; response?: string }> }).rejectedErrors ?? [];
    const deferred = rejectedErrors.find((e) => typeof e.responseCode === 'number' && e.responseCode < 500);
    if (deferred) {
      // Some recipients were deferred (4xx): retry the whole message. Those who already got it
      // receive the same Message-ID again, which their servers and clients treat as a duplicate.
      throw new TemporaryMailError(`sending ${msg.messageId}: some recipients deferred: ${this.scrub(deferred.response ?? '')}`, {
        responseCode: deferred.responseCode,
        response: deferred.response,
        command: 'RCPT TO',
      });
    }
    return {
      messageId: msg.messageId,
      accepted: info.accepted.map(String),
      rejected: info.rejected.map(String),
      response: info.response,
      ...(info.serverMessageId ? { serverMessageId: info.serverMessageId } : {}),
    };
  }

  async verify(): Promise<void> {
    if (this.closed) throw new TemporaryMailError('mail transport is closed');
    try {
      await this.transporter.verify();
    } catch (err) {
      throw toMailError(err, `SMTP server ${this.target} is not usable`, (t) => this.scrub(t));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.transporter.close();
  }

  /** Errors quote server replies and URLs; keep the password out of anything we rethrow. */
  private scrub(text: string): string {
    return this.secrets.reduce((t, secret) => t.split(secret).join('***'), text);
  }
}

function createPool(smtpUrl: string, opts: MailTransportOptions) {
  return nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: opts.maxConnections ?? 5,
    connectionTimeout: opts.connectionTimeoutMs ?? 10_000,
    greetingTimeout: opts.greetingTimeoutMs ?? 10_000,
    socketTimeout: opts.socketTimeoutMs ?? 30_000,
    // Retries belong to the queue (with backoff and an attempt limit), not to the pool.
    maxRequeues: 0,
    logger: false,
    debug: false,
  });
}

function secretsOf(url: string): string[] {
  try {
    const u = new URL(url);
    const raw = [u.password, ...[...u.searchParams.entries()].filter(([k]) => /pass|secret|token|key|auth/i.test(k)).map(([, v]) => v)];
    const all = raw.flatMap((s) => {
      let decoded = s;
      try {
        decoded = decodeURIComponent(s);
      } catch {
        // keep the raw form only
      }
      return [s, decoded];
    });
    // Very short secrets would mangle every message they appear in by chance; they are
    // still never logged through target, which comes from redactUrl.
    return [...new Set(all)].filter((s) => s.length >= 3);
  } catch {
    return [];
  }
}

/**
 * Writes each email as an RFC 822 `.eml` file (SMTP_URL unset: demo and single-node use).
 *
 * The file is named after the Message-ID and written to a temp file that is then renamed over
 * the final name, so a re-send of the same notice replaces the file instead of adding a second
 * one, and a reader (or a crash) never sees half a message.
 */
class OutboxMailTransport implements MailTransport {
  readonly kind = 'outbox' as const;
  readonly target: string;
  private readonly composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  private closed = false;

  constructor(private readonly dir: string) {
    this.target = path.resolve(dir);
  }

  async send(msg: OutgoingMail): Promise<MailSendResult> {
    const checked = checkOutgoing(msg);
    if (this.closed) throw new TemporaryMailError('mail transport is closed');
    let raw: Buffer;
    try {
      const info = await this.composer.sendMail(toNodemailer(msg, checked));
      raw = Buffer.isBuffer(info.message) ? info.message : Buffer.from(String(info.message));
    } catch (err) {
      throw toMailError(err, `composing ${msg.messageId} failed`);
    }
    const file = path.join(this.target, outboxFileName(msg.messageId));
    try {
      await fsp.mkdir(this.target, { recursive: true });
      await writeFileAtomically(file, raw);
    } catch (err) {
      // A full or read-only disk is fixed by the operator; the notice stays deliverable.
      throw new TemporaryMailError(`writing ${file} failed: ${(err as Error).message}`, {
        code: (err as NodeJS.ErrnoException).code,
        cause: err,
      });
    }
    return { messageId: msg.messageId, accepted: checked.toAddresses, rejected: [], response: `written to ${file}` };
  }

  async verify(): Promise<void> {
    try {
      await fsp.mkdir(this.target, { recursive: true });
      await fsp.access(this.target, fsConstants.W_OK);
    } catch (err) {
      throw new TemporaryMailError(`mail outbox ${this.target} is not writable: ${(err as Error).message}`, { cause: err });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/**
 * `<n-1@dle.local>` → `n-1@dle.local.eml`. Only [A-Za-z0-9._@+=%-] are kept (so the `%XX` of
 * messageIdFor reads as is); anything else becomes `~XX` of its UTF-8 bytes, `~` included.
 * The name is thus safe on any file system, cannot climb out of the folder (no `/`, never a
 * leading dot), and distinct Message-IDs get distinct files. Overlong names (file systems stop
 * at 255 bytes) are cut and made unique again with a hash.
 */
export function outboxFileName(messageId: string): string {
  const bare = messageId.replace(/^<|>$/g, '');
  let safe = '';
  for (const ch of bare) {
    if (/[A-Za-z0-9._@+=%-]/.test(ch)) safe += ch;
    else for (const byte of Buffer.from(ch, 'utf8')) safe += `~${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  if (safe.startsWith('.')) safe = `~2E${safe.slice(1)}`;
  if (safe.length > 200) {
    safe = `${safe.slice(0, 150)}~~${createHash('sha256').update(bare).digest('hex').slice(0, 40)}`;
  }
  return `${safe}.eml`;
}

async function writeFileAtomically(file: string, data: Buffer): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomUUID()}.tmp`);
  try {
    const handle = await fsp.open(tmp, 'w', 0o640);
    try {
      await handle.writeFile(data);
      // Durable before it becomes visible: the delivery event recorded next must not point at
      // a file a power cut can still take away.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(tmp, file);
  } catch (err) {
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}
