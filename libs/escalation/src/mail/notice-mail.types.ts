/**
 * What a reminder or escalation email is rendered from. Plain data, already resolved by the
 * notice planner (agency names looked up, deadlines as instants), so rendering stays pure.
 */

export type NoticeKind = 'reminder' | 'escalation';

/**
 * `vi`: Vietnamese only; `en`: English only. Unset: Vietnamese first and the English version
 * below it in the same email, since recipients include foreign-funded project staff but the
 * Vietnamese text is the one that counts.
 */
export type NoticeLocale = 'vi' | 'en';

export interface NoticeRecipient {
  email: string;
  name?: string;
  /** e.g. "Bộ trưởng"; with agencyName gives "Kính gửi: Bộ trưởng Bộ Công an" */
  title?: string;
  agencyName?: string;
}

export interface NoticeSource {
  /** e.g. `resolution`, `decision`, `directive`, `conclusion`, `official_letter` */
  kind: string;
  /** document number, e.g. `71/NQ-CP` */
  ref: string;
  /** YYYY-MM-DD */
  issuedOn?: string | null;
}

export interface NoticeExtension {
  /** deadline in force before the extension */
  from: Date;
  /** deadline granted by it */
  to: Date;
  /** number of the Government Office letter conveying the decision, when known */
  decisionRef: string | null;
}

export interface NoticeTask {
  taskId: string;
  code: string;
  title: string;
  leadAgency: { code: string; name: string };
  source: NoticeSource | null;
  /**
   * Deadline in force: the end of the due day (e.g. 23:59:59.999+07:00 or 24:00 = next day
   * 00:00+07:00). Null for tasks performed regularly (nhiệm vụ thường xuyên).
   */
  due: Date | null;
  /** deadline as first assigned, before any extension */
  originalDue: Date | null;
  /** oldest first */
  extensions: NoticeExtension[];
  assignee: { name: string; email?: string | null } | null;
  status: string;
}

export interface NoticeMail {
  /** deterministic notice id; also the left part of the Message-ID */
  noticeId: string;
  kind: NoticeKind;
  /** 0 = reminder to the officer; higher = escalated to agency heads / coordinators */
  level: number;
  locale?: NoticeLocale;
  recipient: NoticeRecipient;
  /** the notice's fire time: "today" for days left / late, never the wall clock */
  firedAt: Date;
  /** one task: a single notice; several: a digest */
  tasks: NoticeTask[];
  /**
   * Date by which a written report is requested from an overdue task's lead agency. The planner
   * computes it with the working-day calendar (rendering has none). Unset: a task still in time
   * is asked to report before its deadline; overdue tasks are asked to report without a date.
   */
  replyBy?: Date | null;
  /**
   * The signed single-use link by which the addressee confirms receipt
   * (`PUBLIC_URL/api/v1/acknowledgements/{token}`); escalations carry one, reminders none.
   */
  acknowledgeUrl?: string | null;
  /**
   * Who the letter is addressed to, which decides what it asks: an officer is asked to complete
   * or explain, a head to direct, a coordinator is told what is outstanding. Unset: the head for
   * an escalation, the officer for a reminder.
   */
  reader?: NoticeReader;
  /** the how-many-th letter of this kind the addressee gets about this task; 2 and up show "(lần 2)" */
  round?: number;
}

export type NoticeReader = 'officer' | 'head' | 'coordinator';

export interface RenderedNoticeMail {
  /** single line, never contains CR/LF */
  subject: string;
  /** text/plain, no markup */
  text: string;
  html: string;
}

export interface RenderNoticeMailOptions {
  /** base for task links, e.g. `https://dle.example.gov.vn` (PUBLIC_URL) */
  publicUrl: string;
  /** IANA zone whose calendar days count; default `Asia/Ho_Chi_Minh` (DEADLINE_TIMEZONE) */
  timeZone?: string;
  /** folder with the `.hbs` files; default: the repository's `config/templates` */
  templatesDir?: string;
  /** the admin's replacements of template files (`notice.html` → its text), laid over templatesDir */
  templates?: Readonly<Record<string, string>>;
  /** the issuing office's signature block and monitored reply address (MAIL_OFFICE_* settings) */
  office?: IssuingOffice;
}

export interface IssuingOffice {
  /** e.g. `VĂN PHÒNG CHÍNH PHỦ` */
  name: string;
  /** e.g. `TL. BỘ TRƯỞNG, CHỦ NHIỆM` */
  signer?: string;
  /** contact officer and phone, e.g. `Đ/c Trần Văn Bình, Vụ Tổng hợp, ĐT: 080.43162` */
  contact?: string;
  /** a monitored mailbox: the letter's Reply-To; without it the letter asks not to be answered */
  replyTo?: string;
}
