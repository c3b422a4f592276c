import { DateTime } from 'luxon';
import { DomainError, isCalendarDay, localDay, parseInstant } from '@app/domain';
import { normalizeHeader } from './columns';

/**
 * Cell values as people type them in task lists, turned into what the domain commands take.
 * Anything not recognised is passed on unchanged, so the domain's own message names the field.
 */

/** text: trimmed; numbers (a JSON `"code": 12`) as text; empty → undefined */
export function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return value as never; // the domain says "must be text"
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  // the export guards cells that a spreadsheet would run as a formula with a leading quote
  return /^'[=+\-@\t\r]/.test(trimmed) ? trimmed.slice(1) : trimmed;
}

/** "BCA; BKHCN", "BCA, BKHCN", one per line, or a JSON array */
export function codeList(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v.trim() : v));
  if (typeof value !== 'string') return value;
  return value
    .split(/[;,|\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const PRIORITY_WORDS: Record<string, string> = {
  normal: 'normal',
  binhthuong: 'normal',
  thuong: 'normal',
  trungbinh: 'normal',
  high: 'high',
  cao: 'high',
  quantrong: 'high',
  uutien: 'high',
  critical: 'critical',
  khan: 'critical',
  khancap: 'critical',
  ratcao: 'critical',
  dacbiet: 'critical',
  hoatoc: 'critical',
};

export function priorityValue(value: unknown): unknown {
  const t = text(value);
  if (typeof t !== 'string') return t;
  return PRIORITY_WORDS[normalizeHeader(t)] ?? t;
}

const KIND_WORDS: Record<string, string> = {
  ministry: 'ministry',
  bo: 'ministry',
  bonganh: 'ministry',
  coquanngangbo: 'ministry',
  bocoquanngangbo: 'ministry',
  province: 'province',
  tinh: 'province',
  thanhpho: 'province',
  diaphuong: 'province',
  tinhthanhpho: 'province',
  thanhphotructhuoctrunguong: 'province',
  agency: 'agency',
  coquan: 'agency',
  coquanthuocchinhphu: 'agency',
};

export function agencyKindValue(value: unknown): unknown {
  const t = text(value);
  if (typeof t !== 'string') return t;
  return KIND_WORDS[normalizeHeader(t)] ?? t;
}

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };

/**
 * Deadline wording of the directives (domain-facts.md "Deadline wording") in the forms the
 * domain accepts: "trong Quý I/2026" → Q1/2026, "trong tháng 01/2026" → 01/2026,
 * "trong năm 2026" / "cuối năm 2026" → 2026, "trước ngày 15/01/2026" / "chậm nhất ngày …" →
 * 15/01/2026 (the day named is the last day), "giữa năm 2026" → 30/06/2026, "giữa tháng 01/2026"
 * → 15/01/2026 (Civil Code art. 146), "nhiệm vụ thường xuyên" → thường xuyên. Anything else is
 * given to the domain as written.
 */
export function deadlineValue(value: unknown): unknown {
  const t = text(value);
  if (typeof t !== 'string') return t;
  const s = t.normalize('NFC').replace(/\s+/g, ' ');
  const lower = s.toLowerCase();
  let m: RegExpExecArray | null;
  if (/^(nhiệm vụ )?thường xuyên$/.test(lower)) return 'thường xuyên';
  if ((m = /^(?:trong |hoàn thành trong |cuối )?quý (i{1,3}|iv|[1-4]) ?(?:\/|năm) ?(\d{4})$/.exec(lower))) {
    const q = ROMAN[m[1]] ?? Number(m[1]);
    return `Q${q}/${m[2]}`;
  }
  if ((m = /^(?:trong |hoàn thành trong |cuối )?tháng (\d{1,2}) ?(?:\/|năm) ?(\d{4})$/.exec(lower)))
    return `${m[1].padStart(2, '0')}/${m[2]}`;
  if ((m = /^(?:trong |hoàn thành trong |cuối )?năm (\d{4})$/.exec(lower))) return m[1];
  if ((m = /^giữa năm (\d{4})$/.exec(lower))) return `30/06/${m[1]}`;
  if ((m = /^giữa tháng (\d{1,2}) ?(?:\/|năm) ?(\d{4})$/.exec(lower))) return `15/${m[1].padStart(2, '0')}/${m[2]}`;
  if ((m = /^(?:hoàn thành )?(?:trước|chậm nhất(?: trước)?|muộn nhất)(?: ngày)? (\d{1,2}\/\d{1,2}\/\d{4})$/.exec(lower))) return m[1];
  return s;
}

/** "24/10/2025" → 2025-10-24; ISO dates unchanged; anything else as written (the domain names it) */
export function dayValue(value: unknown): unknown {
  const t = text(value);
  if (typeof t !== 'string') return t;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : t;
}

const LOCAL_FORMATS = [
  'd/M/yyyy H:mm',
  'd/M/yyyy H:mm:ss',
  'yyyy-MM-dd H:mm',
  'yyyy-MM-dd H:mm:ss',
  "yyyy-MM-dd'T'H:mm",
  "yyyy-MM-dd'T'H:mm:ss",
];

/**
 * A business time cell: ISO-8601 with an offset; a date (2025-04-01 or 01/04/2025), meaning the
 * end of that day in `timeZone` like the API — except today's date, which means `now` (the end
 * of today has not happened yet); or a local time without offset (`01/04/2025 09:00`,
 * `2025-04-01 09:00`) read in `timeZone`. Never after `now`. Throws DomainError naming `field`.
 */
export function businessTime(value: unknown, field: string, timeZone: string, now: Date): Date {
  if (value instanceof Date) return notFuture(value, field, timeZone, now);
  if (typeof value !== 'string')
    throw DomainError.invalid(field, 'must be a date (2025-04-01, 01/04/2025) or an ISO-8601 time with offset');
  const t = value.trim();
  const day = dayValue(t) as string;
  if (isCalendarDay(day)) {
    if (day === localDay(now, timeZone)) return now;
    return notFuture(parseInstant(day, field, timeZone), field, timeZone, now);
  }
  for (const format of LOCAL_FORMATS) {
    const local = DateTime.fromFormat(t, format, { zone: timeZone });
    if (local.isValid) return notFuture(local.toJSDate(), field, timeZone, now);
  }
  return notFuture(parseInstant(t, field, timeZone), field, timeZone, now);
}

function notFuture(at: Date, field: string, timeZone: string, now: Date): Date {
  if (Number.isNaN(at.getTime())) throw DomainError.invalid(field, 'is not a real date');
  if (at.getTime() > now.getTime()) {
    throw DomainError.invalid(
      field,
      `must not be in the future (${DateTime.fromJSDate(at, { zone: timeZone }).toFormat('dd/MM/yyyy HH:mm')})`,
    );
  }
  return at;
}

/**
 * The kind of a source document from its number, when the file gives only the number:
 * 71/NQ-CP → resolution, 02-KH/BCĐTW → plan, 07/CT-TTg → directive, TB-… → conclusion,
 * QĐ-TTg → decision, CĐ-TTg → dispatch (công điện); otherwise document.
 */
export function sourceKindOf(ref: string): string {
  const r = ref.toUpperCase().normalize('NFC');
  if (/(^|[^A-ZĐ])NQ([^A-ZĐ]|$)/.test(r)) return 'resolution';
  if (/(^|[^A-ZĐ])KH([^A-ZĐ]|$)/.test(r)) return 'plan';
  if (/(^|[^A-ZĐ])CT([^A-ZĐ]|$)/.test(r)) return 'directive';
  if (/(^|[^A-ZĐ])TB([^A-ZĐ]|$)/.test(r)) return 'conclusion';
  if (/(^|[^A-ZĐ])(QĐ|QD)([^A-ZĐ]|$)/.test(r)) return 'decision';
  if (/(^|[^A-ZĐ])(CĐ|CD)([^A-ZĐ]|$)/.test(r)) return 'dispatch';
  return 'document';
}
