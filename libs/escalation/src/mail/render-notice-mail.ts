import { DateTime, type Zone } from 'luxon';
import { zoneOf } from '@app/domain';
import { toSingleLine } from './mail-safety';
import { loadNoticeTemplates } from './notice-templates';
import type { NoticeMail, NoticeReader, NoticeSource, NoticeTask, RenderNoticeMailOptions, RenderedNoticeMail } from './notice-mail.types';

export const DEFAULT_NOTICE_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/**
 * Renders a reminder/escalation email in the style of an official letter (công văn đôn đốc):
 * "V/v …" subject, "Kính gửi: …", the source cited, the task and its deadline, the request,
 * "Trân trọng./.", and the English version below (domain-facts.md, "Official reminder style").
 *
 * Pure: "today" is the notice's `firedAt`, never the wall clock, so a retried job renders the
 * same email and tests need no fake timers. One task gives a single notice; several a digest.
 */
export function renderNoticeMail(mail: NoticeMail, opts: RenderNoticeMailOptions): RenderedNoticeMail {
  if (mail.tasks.length === 0) throw new Error(`notice ${mail.noticeId} has no task to render`);
  const zoneName = opts.timeZone ?? DEFAULT_NOTICE_TIME_ZONE;
  let zone: Zone;
  try {
    zone = zoneOf(zoneName); // offsets remembered: luxon would ask Intl for every date shown
  } catch {
    throw new Error(`unknown time zone ${zoneName}`);
  }
  const templates = loadNoticeTemplates(opts.templatesDir, opts.templates);

  // Every field present (empty when unset): the templates compile in strict mode.
  const office = { name: '', signer: '', contact: '', replyTo: '', ...opts.office };
  const view = { ...buildView(mail, opts.publicUrl, zone), office };
  const name = mail.tasks.length === 1 ? 'notice' : 'digest';
  return {
    // The subject template may span lines for readability; a header never may. toSingleLine
    // also covers anything a value smuggled past the view's own cleaning.
    subject: toSingleLine(templates.render(name, 'subject', view)).replace(/ {2,}/g, ' '),
    text: normaliseText(templates.render(name, 'text', view)),
    html: templates.render(name, 'html', view),
  };
}

/** Days counted on the local calendar of the deadline zone, as officials count them. */
interface DayCount {
  hasDue: boolean;
  overdue: boolean;
  dueToday: boolean;
  daysLeft: number;
  daysLate: number;
}

function buildView(mail: NoticeMail, publicUrl: string, zone: Zone) {
  assertDate(mail.firedAt, 'firedAt');
  const vi = mail.locale !== 'en';
  const en = mail.locale !== 'vi';
  const base = toSingleLine(publicUrl).replace(/\/+$/, '');
  const today = localDay(mail.firedAt, zone);

  const sorted = mail.tasks.map((task) => taskView(task, today, base, zone)).sort(byMostLate);
  const sources = new Set(sorted.map((t) => t.source?.vi ?? ''));
  const commonSource = sources.size === 1 && sorted[0].source ? sorted[0].source : null;
  const digest = sorted.length > 1;
  const tasks = sorted.map((task, i) => ({
    ...task,
    index: i + 1,
    // A single notice cites its source in the opening sentence, so does a digest whose tasks
    // share one; otherwise each task names its own.
    sourceInList: digest && !commonSource && task.source !== null,
  }));

  const overdue = tasks.filter((t) => t.overdue).length;
  const dueSoon = tasks.filter((t) => t.hasDue && !t.overdue).length;
  const replyBy = mail.replyBy ? formatDay(deadlineDay(assertDate(mail.replyBy, 'replyBy'), zone)) : null;
  const first = tasks[0];

  const escalation = mail.kind === 'escalation';
  const reader: NoticeReader = mail.reader ?? (escalation ? 'head' : 'officer');
  const recipient = recipientView(mail, reader);
  // "nhắc" while there is still time and nobody above the officer is involved; "đôn đốc" after
  const remind = !escalation && overdue === 0;
  const ask = askOf(
    { reader, digest, overdue: overdue > 0, allOverdue: overdue === tasks.length, task: first, firedOn: formatDay(today) },
    {
      headTitle: recipient.title,
      reportBy: replyBy ?? (!first.overdue && first.dueDate ? first.dueDate : null),
      replyBy,
    },
  );
  return {
    vi,
    en,
    both: vi && en,
    noticeId: clean(mail.noticeId),
    level: mail.level,
    escalation,
    firedOn: formatDay(today),
    replyBy,
    // "báo cáo … chậm nhất trong ngày …" (the day itself counts): the planner's date, else a task still in time reports by its
    // deadline; an overdue one without a planner date is asked to report, undated.
    reportBy: replyBy ?? (!first.overdue && first.dueDate ? first.dueDate : null),
    recipient,
    // Who the request is addressed to: in an escalation, the head by title ("Đề nghị Bộ trưởng
    // quan tâm, chỉ đạo …"); otherwise the agency, impersonally.
    requesteeVi: escalation && recipient.title ? recipient.title : 'Quý cơ quan',
    task: first,
    tasks,
    total: tasks.length,
    overdueCount: overdue,
    allOverdue: overdue === tasks.length,
    allDueSoon: dueSoon === tasks.length,
    someOverdue: overdue > 0,
    commonSource,
    // "Xác nhận đã nhận": null when the letter carries no acknowledgement link
    ackUrl: mail.acknowledgeUrl ? toSingleLine(mail.acknowledgeUrl) : null,
    remind,
    round: mail.round && mail.round > 1 ? Math.floor(mail.round) : null,
    readerHead: reader === 'head',
    readerOfficer: reader === 'officer',
    readerCoordinator: reader === 'coordinator',
    askVi: ask.vi,
    askEn: ask.en,
  };
}

interface AskFacts {
  reader: NoticeReader;
  digest: boolean;
  overdue: boolean;
  allOverdue: boolean;
  task: TaskView;
  firedOn: string;
}

/**
 * What the letter asks of its reader, in the Government Office's words: a head is asked to
 * direct ("quan tâm, chỉ đạo"), an officer to complete or explain, a coordinator is told what is
 * outstanding so that they follow it up, never asked to direct an agency.
 */
function askOf(f: AskFacts, d: { headTitle: string | null; reportBy: string | null; replyBy: string | null }): { vi: string; en: string } {
  const them = f.digest ? 'các nhiệm vụ nêu trên' : 'nhiệm vụ';
  const themEn = f.digest ? 'the tasks above' : 'the task';
  const by = (day: string | null) => (day ? ` chậm nhất trong ngày ${day}` : '');
  const byEn = (day: string | null) => (day ? ` by ${day}` : '');
  const explainVi = f.digest
    ? f.allOverdue
      ? `; trường hợp chưa hoàn thành, báo cáo bằng văn bản lý do chậm hoặc đề xuất điều chỉnh thời hạn${by(d.replyBy)}`
      : `, báo cáo kết quả trước thời hạn của từng nhiệm vụ${f.overdue ? `; đối với các nhiệm vụ đã quá thời hạn, báo cáo bằng văn bản lý do chậm hoặc đề xuất điều chỉnh thời hạn${by(d.replyBy)}` : ''}`
    : f.overdue
      ? `; trường hợp chưa hoàn thành, báo cáo bằng văn bản lý do chậm hoặc đề xuất điều chỉnh thời hạn${by(d.reportBy)}`
      : d.reportBy
        ? `, báo cáo kết quả${by(d.reportBy)}`
        : '';
  const explainEn = f.digest
    ? f.allOverdue
      ? `; for any that cannot be completed, please report the reasons for the delay in writing or propose an adjusted deadline${byEn(d.replyBy)}`
      : ` and report the results before each task's deadline${f.overdue ? `; for tasks past their deadlines, please report the reasons for the delay in writing or propose an adjusted deadline${byEn(d.replyBy)}` : ''}`
    : f.overdue
      ? `; if it cannot be completed, please report the reasons for the delay in writing or propose an adjusted deadline${byEn(d.reportBy)}`
      : d.reportBy
        ? ` and report the results${byEn(d.reportBy)}`
        : '';
  const lateVi = !f.digest && f.overdue ? `Đến ngày ${f.firedOn}, nhiệm vụ đã quá thời hạn và chưa được báo cáo hoàn thành. ` : '';
  const lateEn = !f.digest && f.overdue ? `As of ${f.firedOn}, the task is past its deadline and has not been reported as completed. ` : '';
  if (f.reader === 'coordinator') {
    const agency = f.task.leadAgency.name;
    const state = f.digest
      ? `Các nhiệm vụ nêu trên chưa được báo cáo hoàn thành`
      : f.overdue
        ? `Đến ngày ${f.firedOn}, nhiệm vụ ${f.task.daysVi} và chưa được báo cáo hoàn thành`
        : `Đến ngày ${f.firedOn}, nhiệm vụ chưa được báo cáo hoàn thành (${f.task.daysVi})`;
    const stateEn = f.digest
      ? 'The tasks above have not been reported as completed'
      : f.overdue
        ? `As of ${f.firedOn}, the task is ${f.task.daysEn} and has not been reported as completed`
        : `As of ${f.firedOn}, the task has not been reported as completed (${f.task.daysEn})`;
    return {
      vi: `${state}. Xin thông báo để đồng chí nắm tình hình, theo dõi, đôn đốc ${f.digest ? 'các cơ quan chủ trì' : agency} theo chức năng, nhiệm vụ được giao.`,
      en: `${stateEn}. This is for your information and follow-up with ${f.digest ? 'the lead agencies' : agency}.`,
    };
  }
  if (f.reader === 'head') {
    const who = d.headTitle ?? 'Quý cơ quan';
    return {
      vi: `${lateVi}Đề nghị ${who} quan tâm, chỉ đạo các đơn vị liên quan khẩn trương hoàn thành ${them}${explainVi}.`,
      en: `${lateEn}Your direction is kindly requested so that the units concerned complete ${themEn} promptly${explainEn}.`,
    };
  }
  if (!f.digest && !f.overdue) {
    return {
      vi: `Đề nghị đồng chí khẩn trương hoàn thành nhiệm vụ, cập nhật kết quả trên Hệ thống${by(d.reportBy)}.`,
      en: `You are kindly requested to complete the task promptly and record the result in the system${byEn(d.reportBy)}.`,
    };
  }
  return {
    vi: `${lateVi}Đề nghị đồng chí khẩn trương hoàn thành ${them} và cập nhật kết quả trên Hệ thống${explainVi}.`,
    en: `${lateEn}You are kindly requested to complete ${themEn} promptly and record the result in the system${explainEn}.`,
  };
}

type TaskView = ReturnType<typeof taskView>;

function taskView(task: NoticeTask, today: DateTime, base: string, zone: Zone) {
  const dueDay = task.due ? deadlineDay(assertDate(task.due, `due of ${task.code}`), zone) : null;
  const originalDay = task.originalDue ? deadlineDay(assertDate(task.originalDue, `originalDue of ${task.code}`), zone) : null;
  const count = dayCount(task.due, dueDay, today);
  const extensions = task.extensions.map((ext, i) => ({
    n: i + 1,
    from: formatDay(deadlineDay(assertDate(ext.from, `extension of ${task.code}`), zone)),
    to: formatDay(deadlineDay(assertDate(ext.to, `extension of ${task.code}`), zone)),
    decisionRef: ext.decisionRef ? clean(ext.decisionRef) || null : null,
  }));
  const dueDate = dueDay ? formatDay(dueDay) : null;
  const originalDueDate = originalDay ? formatDay(originalDay) : (extensions[0]?.from ?? null);
  return {
    index: 0,
    taskId: task.taskId,
    code: clean(task.code),
    title: clean(task.title),
    // encodeURIComponent: an id is data, never a path or query of its own.
    url: `${base}/tasks/${encodeURIComponent(task.taskId)}`,
    leadAgency: { code: clean(task.leadAgency.code), name: clean(task.leadAgency.name) },
    source: task.source ? sourceView(task.source) : null,
    dueDate,
    dueTime: task.due ? task.due.getTime() : Number.POSITIVE_INFINITY,
    // The original deadline is worth a line only when it differs from the one in force.
    originalDueDate: originalDueDate && (originalDueDate !== dueDate || extensions.length > 0) ? originalDueDate : null,
    extended: extensions.length > 0,
    extensionCount: extensions.length,
    extensions,
    assignee: task.assignee
      ? { name: clean(task.assignee.name), email: task.assignee.email ? clean(task.assignee.email) || null : null }
      : null,
    ...count,
    daysVi: daysVi(count),
    daysEn: daysEn(count),
  };
}

/** "đã quá hạn 5 ngày", "còn 3 ngày", "đến hạn trong ngày hôm nay". */
function daysVi(c: DayCount): string {
  if (!c.hasDue) return 'không có thời hạn cụ thể (nhiệm vụ thường xuyên)';
  if (c.overdue) return c.daysLate > 0 ? `đã quá hạn ${c.daysLate} ngày` : 'đã quá hạn';
  return c.dueToday ? 'đến hạn trong ngày hôm nay' : `còn ${c.daysLeft} ngày`;
}

function daysEn(c: DayCount): string {
  const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;
  if (!c.hasDue) return 'no fixed deadline (recurring task)';
  if (c.overdue) return c.daysLate > 0 ? `${days(c.daysLate)} overdue` : 'past the deadline';
  return c.dueToday ? 'due today' : `${days(c.daysLeft)} left`;
}

/**
 * Most late first, then the soonest due, then tasks without a deadline; ties by code so the
 * order (and so the email) is the same on every retry.
 */
function byMostLate(a: TaskView, b: TaskView): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  if (a.overdue && a.daysLate !== b.daysLate) return b.daysLate - a.daysLate;
  if (a.dueTime !== b.dueTime) return a.dueTime < b.dueTime ? -1 : 1;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0;
}

function dayCount(due: Date | null, dueDay: DateTime | null, firedAt: DateTime): DayCount {
  if (!due || !dueDay) return { hasDue: false, overdue: false, dueToday: false, daysLeft: 0, daysLate: 0 };
  const diff = calendarDaysBetween(firedAt, dueDay);
  // Overdue is decided on the instant (a deadline may end mid-day), the count on calendar days;
  // a deadline that passed earlier today is overdue with 0 days late.
  if (firedAt.toMillis() > due.getTime()) {
    return { hasDue: true, overdue: true, dueToday: false, daysLeft: 0, daysLate: Math.max(0, -diff) };
  }
  const daysLeft = Math.max(0, diff);
  return { hasDue: true, overdue: false, dueToday: daysLeft === 0, daysLeft, daysLate: 0 };
}

/** The firing instant in the zone; its calendar date is "today". */
function localDay(at: Date, zone: Zone): DateTime {
  return DateTime.fromJSDate(at, { zone });
}

/**
 * The calendar day a deadline instant belongs to. A period ends at 24:00 of its last day
 * (Civil Code 2015 art. 148), which some writers store as 00:00 of the next day; one
 * millisecond back puts both 23:59:59.999 and 24:00 on the last day.
 */
function deadlineDay(at: Date, zone: Zone): DateTime {
  return DateTime.fromMillis(at.getTime() - 1, { zone });
}

/** Whole calendar days from `from`'s date to `to`'s date (negative when `to` is earlier). */
function calendarDaysBetween(from: DateTime, to: DateTime): number {
  const a = Date.UTC(from.year, from.month - 1, from.day);
  const b = Date.UTC(to.year, to.month - 1, to.day);
  return Math.round((b - a) / 86_400_000);
}

function formatDay(day: DateTime): string {
  return day.toFormat('dd/MM/yyyy');
}

const SOURCE_KINDS: Record<string, { vi: string; en: string }> = {
  resolution: { vi: 'Nghị quyết', en: 'Resolution' },
  decision: { vi: 'Quyết định', en: 'Decision' },
  directive: { vi: 'Chỉ thị', en: 'Directive' },
  conclusion: { vi: 'Thông báo kết luận', en: 'Conclusion Notice' },
  notice: { vi: 'Thông báo', en: 'Notice' },
  official_letter: { vi: 'Công văn', en: 'Official Letter' },
  letter: { vi: 'Công văn', en: 'Official Letter' },
  plan: { vi: 'Kế hoạch', en: 'Plan' },
  program: { vi: 'Chương trình', en: 'Programme' },
  programme: { vi: 'Chương trình', en: 'Programme' },
  decree: { vi: 'Nghị định', en: 'Decree' },
};

function sourceView(source: NoticeSource) {
  const kind = SOURCE_KINDS[source.kind.trim().toLowerCase()] ?? { vi: 'văn bản', en: 'document' };
  const ref = clean(source.ref);
  const issued = source.issuedOn ? formatIssued(source.issuedOn) : null;
  return {
    ref,
    issuedOn: issued,
    // "Nghị quyết số 71/NQ-CP ngày 01/04/2025" / "Resolution No. 71/NQ-CP of 01/04/2025"
    vi: `${kind.vi} số ${ref}${issued ? ` ngày ${issued}` : ''}`,
    en: `${kind.en} No. ${ref}${issued ? ` of ${issued}` : ''}`,
  };
}

function formatIssued(issuedOn: string): string | null {
  const day = DateTime.fromISO(issuedOn.trim(), { zone: 'utc' });
  if (day.isValid && /^\d{4}-\d{2}-\d{2}/.test(issuedOn.trim())) return day.toFormat('dd/MM/yyyy');
  return clean(issuedOn) || null;
}

function recipientView(mail: NoticeMail, reader: NoticeReader) {
  const r = mail.recipient;
  const title = r.title ? clean(r.title) : '';
  const name = r.name ? clean(r.name) : '';
  const agency = r.agencyName ? clean(r.agencyName) : '';
  const email = clean(r.email);
  let vi: string;
  let en: string;
  if (title) {
    // "Bộ trưởng Bộ Công an": the title reads into the agency name in Vietnamese.
    vi = agency ? `${title} ${agency}` : title;
    en = agency ? `${title}, ${agency}` : title;
  } else if (name) {
    vi = `Ông/Bà ${name}${agency ? ` (${agency})` : ''}`;
    en = `Mr./Ms. ${name}${agency ? ` (${agency})` : ''}`;
  } else if (agency) {
    vi = agency;
    en = agency;
  } else if (reader === 'coordinator') {
    // a letter is addressed to a person or an office, never to an address
    vi = 'Bộ phận theo dõi, đôn đốc thực hiện nhiệm vụ';
    en = 'Task monitoring unit';
  } else {
    vi = 'Quý cơ quan';
    en = 'Sir or Madam';
  }
  return { email, name: name || null, title: title || null, agencyName: agency || null, salutationVi: vi, salutationEn: en };
}

/** Every user-supplied string goes through here: one line, no controls, otherwise verbatim. */
function clean(value: string): string {
  return toSingleLine(String(value));
}

function assertDate(value: Date, what: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new Error(`notice mail: ${what} is not a valid date`);
  }
  return value;
}

/**
 * Templates are easier to read with blank lines around blocks; the email should not carry
 * runs of them. Also ends the text with exactly one newline.
 */
function normaliseText(text: string): string {
  return `${text
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}
