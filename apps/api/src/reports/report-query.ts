import { DomainError, FieldChecks, addDays, endOfLocalDay, isCalendarDay, normaliseAgencyCode, parseInstant } from '@app/domain';
import { BLOCKER_STATUS_FILTERS, BlockerStatusFilter } from '@app/projections';
import { intParam } from '../http/body';

/**
 * Query parameters of the report endpoints, parsed and validated in one pass: a 400 names
 * every parameter at fault (api.md "Errors").
 */
export interface ReportWhen {
  asOf?: Date;
  knownAt?: Date;
  minPosition?: number;
}

export interface SummaryQuery extends ReportWhen {
  source?: string;
  agency?: string;
  from?: Date;
  to?: Date;
}

export interface MonthlyPlanQuery extends ReportWhen {
  year?: number;
  agency?: string;
}

export interface BlockersQuery extends ReportWhen {
  status: BlockerStatusFilter;
  agency?: string;
}

type Raw = Record<string, unknown>;

export function parseWhen(q: Raw, checks: FieldChecks, timeZone: string): ReportWhen {
  return {
    asOf: checks.run(() => instantParam(q.asOf, 'asOf', timeZone)),
    knownAt: checks.run(() => instantParam(q.knownAt, 'knownAt', timeZone)),
    minPosition: checks.run(() => intParam(single(q.minPosition, 'minPosition'), 'minPosition')),
  };
}

export function parseSummaryQuery(q: Raw, timeZone: string): SummaryQuery {
  const checks = new FieldChecks();
  const when = parseWhen(q, checks, timeZone);
  const source = checks.run(() => textParam(q.source, 'source'));
  const agency = checks.run(() => agencyParam(q.agency));
  const from = checks.run(() => windowStart(q.from, timeZone));
  const to = checks.run(() => instantParam(q.to, 'to', timeZone));
  if (to && when.asOf) checks.run(() => fail('asOf', 'give asOf or to, not both: a window is evaluated as of its end (to)'));
  if (from && to && from > to) checks.run(() => fail('from', 'must not be after to'));
  checks.throwIfAny();
  return { ...when, source, agency, from, to };
}

export function parseRankingQuery(q: Raw, timeZone: string): ReportWhen {
  const checks = new FieldChecks();
  const when = parseWhen(q, checks, timeZone);
  checks.throwIfAny();
  return when;
}

export function parseMonthlyPlanQuery(q: Raw, timeZone: string): MonthlyPlanQuery {
  const checks = new FieldChecks();
  const when = parseWhen(q, checks, timeZone);
  const year = checks.run(() => intParam(single(q.year, 'year'), 'year', { min: 2000, max: 2100 }));
  const agency = checks.run(() => agencyParam(q.agency));
  checks.throwIfAny();
  return { ...when, year, agency };
}

export function parseBlockersQuery(q: Raw, timeZone: string): BlockersQuery {
  const checks = new FieldChecks();
  const when = parseWhen(q, checks, timeZone);
  const agency = checks.run(() => agencyParam(q.agency));
  const status = checks.run(() => {
    const value = textParam(q.status, 'status') ?? 'open';
    if (!BLOCKER_STATUS_FILTERS.includes(value as BlockerStatusFilter))
      fail('status', `must be one of ${BLOCKER_STATUS_FILTERS.join(', ')}`);
    return value as BlockerStatusFilter;
  });
  checks.throwIfAny();
  return { ...when, agency, status };
}

function fail(field: string, message: string): never {
  throw DomainError.invalid(field, message);
}

/** A repeated parameter (?agency=A&agency=B) arrives as an array: refuse it rather than pick one. */
function single(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') fail(field, 'must be given once, as text');
  return value;
}

function textParam(value: unknown, field: string): string | undefined {
  const text = single(value, field);
  if (text === undefined || text.trim() === '') return undefined;
  if (text.length > 200 || /[\u0000-\u001f\u007f]/.test(text)) fail(field, 'must be at most 200 printable characters');
  return text.trim();
}

function instantParam(value: unknown, field: string, timeZone: string): Date | undefined {
  const text = single(value, field);
  if (text === undefined || text === '') return undefined;
  return parseInstant(text, field, timeZone);
}

/** `from` as a plain date means the START of that day (a window includes its first day). */
function windowStart(value: unknown, timeZone: string): Date | undefined {
  const text = single(value, 'from');
  if (text === undefined || text === '') return undefined;
  if (isCalendarDay(text.trim())) return new Date(endOfLocalDay(addDays(text.trim(), -1), timeZone).getTime() + 1);
  return parseInstant(text, 'from', timeZone);
}

/** An agency filter in the form codes are stored in (NFKC, upper case), so `bca` means BCA. */
function agencyParam(value: unknown): string | undefined {
  const text = textParam(value, 'agency');
  return text ? normaliseAgencyCode(text) : text;
}
