import type { Key, Lang, T } from './i18n';
import type { Recipient, Rule } from './types';

/**
 * Dates and times as the API writes them (ISO-8601 with the +07:00 offset of
 * DEADLINE_TIMEZONE) are shown in that same zone, read off the string: a browser elsewhere
 * shows the deadline's own day, not its local conversion.
 */

export function fmtDate(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d] = m;
  // dd/mm/yyyy in both languages, whatever the browser locale.
  void lang;
  return `${d}/${mo}/${y}`;
}

export function fmtDateTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const time = /T(\d{2}:\d{2})/.exec(iso)?.[1];
  return time ? `${fmtDate(iso, lang)} ${time}` : fmtDate(iso, lang);
}

/** A share as a percentage; Vietnamese writes the decimal comma (1,4%), English the point. */
export function fmtPercent(x: number | null | undefined, digits = 0, lang: Lang = 'vi'): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  const text = (x * 100).toFixed(digits);
  return `${lang === 'vi' ? text.replace('.', ',') : text}%`;
}

export function fmtNumber(n: number | null | undefined, lang: Lang, digits = 0): string {
  if (n === null || n === undefined) return '—';
  return n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: digits });
}

/** YYYY-MM-DD arithmetic on calendar days (no time zone involved). */
export function addDays(ymd: string, days: number): string {
  const [y, m, d] = ymd.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return date.toISOString().slice(0, 10);
}

export function weekday(ymd: string): number {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export const ymd = (iso: string): string => iso.slice(0, 10);

/** The zone the engine's days are counted in (DEADLINE_TIMEZONE): Hà Nội. */
export const DEADLINE_ZONE = 'Asia/Ho_Chi_Minh';

/** YYYY-MM-DD of an instant in Hà Nội, whatever the browser's own zone. */
export function dayInHanoi(at: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: DEADLINE_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * Today in Hà Nội: the day of the engine's now when it is known (written with the zone's
 * offset), else of this browser's clock. Never the UTC day, which is still yesterday there
 * until 07:00.
 */
export const todayInHanoi = (serverNow = ''): string => (serverNow ? ymd(serverNow) : dayInHanoi(new Date()));

const UNIT_KEYS: Record<string, [Key, Key]> = {
  working_days: ['unit.working_day', 'unit.working_days'],
  days: ['unit.day', 'unit.days'],
  hours: ['unit.hour', 'unit.hours'],
};

export function unitWords(amount: number, unit: string, t: T): string {
  const keys = UNIT_KEYS[unit];
  if (!keys) return `${amount} ${unit}`;
  return t(Math.abs(amount) === 1 ? keys[0] : keys[1], { n: Math.abs(amount) });
}

/** "3 ngày làm việc trước hạn" / "3 working days before the deadline". */
export function offsetWords(offset: Rule['offset'], t: T): string {
  if (offset.amount === 0) return t(offset.unit === 'hours' ? 'offset.atDeadline' : 'offset.onDueDay');
  return t(offset.amount < 0 ? 'offset.before' : 'offset.after', { span: unitWords(offset.amount, offset.unit, t) });
}

export function repeatWords(repeat: Rule['repeat'], t: T): string {
  if (!repeat) return t('repeat.none');
  return t('repeat.every', { span: unitWords(repeat.every.amount, repeat.every.unit, t), times: repeat.maxTimes });
}

export function windowWords(window: Rule['sendWindow'], t: T): string {
  if (!window) return t('window.any');
  return t(window.workingDaysOnly ? 'window.workingDays' : 'window.everyDay', { start: window.start, end: window.end });
}

export function recipientWords(recipient: string, t: T): string {
  if (recipient.startsWith('email:')) return recipient.slice(6);
  if (recipient === 'assignee') return t('recipient.assignee');
  if (recipient === 'agency_head') return t('recipient.agency_head');
  if (recipient === 'coordinators') return t('recipient.coordinators');
  return recipient;
}

/** The whole rule in one sentence, for the form and the list. */
export function ruleSentence(rule: Pick<Rule, 'offset' | 'repeat' | 'sendWindow' | 'recipients' | 'level' | 'digest'>, t: T): string {
  const to = rule.recipients.length ? rule.recipients.map((r) => recipientWords(r, t)).join(', ') : '…';
  const parts = [t('rule.sentence', { offset: offsetWords(rule.offset, t), to, level: rule.level })];
  if (rule.repeat) parts.push(repeatWords(rule.repeat, t));
  parts.push(windowWords(rule.sendWindow, t));
  if (rule.digest) parts.push(t('rule.digestWords'));
  return `${parts.join('; ')}.`;
}

export function recipientLabel(r: Recipient, t: T): string {
  const role = recipientWords(r.as, t);
  return `${r.name ? `${r.name} ` : ''}<${r.email}>${r.as && !r.as.startsWith('email') ? ` (${role})` : ''}`;
}

export function roleWords(role: string, t: T): string {
  switch (role) {
    case 'admin':
      return t('role.admin');
    case 'coordinator':
      return t('role.coordinator');
    case 'agency':
      return t('role.agency');
    case 'auditor':
      return t('role.auditor');
    case 'system':
      return t('role.system');
    default:
      return role;
  }
}

/**
 * A day typed as dd/mm/yyyy (or d/m/yyyy, with / . or -), whatever the browser's locale, as the
 * API's YYYY-MM-DD; an ISO day passes through; anything else is returned as typed so the API
 * names the field.
 */
export function dayFromInput(text: string): string {
  const s = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (!m) return s;
  const [, d, mo, y] = m;
  return `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
}
