import type { OffsetUnit, RepeatUnit, Rule } from '../../types';

/** A rule as the form holds it (text as typed), and the ways to and from the API's rule. */
export const OFFSET_UNITS: OffsetUnit[] = ['working_days', 'days', 'hours'];
export const REPEAT_UNITS: RepeatUnit[] = ['days', 'working_days', 'hours'];
export const KEYWORDS = ['assignee', 'agency_head', 'coordinators'] as const;
export const PRIORITIES = ['normal', 'high', 'critical'] as const;
/** the early warning's levels a rule may be limited to (none: every task) */
export const RISKS = ['high', 'medium', 'low'] as const;

export interface Draft {
  id: string;
  name: string;
  enabled: boolean;
  direction: 'before' | 'at' | 'after';
  amount: string;
  unit: OffsetUnit;
  repeatOn: boolean;
  everyAmount: string;
  everyUnit: RepeatUnit;
  maxTimes: string;
  keywords: string[];
  emails: string;
  level: string;
  digest: boolean;
  windowOn: boolean;
  start: string;
  end: string;
  workingDaysOnly: boolean;
  sources: string;
  agencies: string[];
  priorities: string[];
  /** only tasks at these risk levels (empty: any level) */
  risks: string[];
  /** escalations: send only when a lower-level letter went unacknowledged this long */
  unackOn: boolean;
  unackAmount: string;
  unackUnit: OffsetUnit;
  /** named webhook targets that also receive the rule's notices */
  webhooks: string[];
  version?: number;
}

export const emptyDraft = (): Draft => ({
  id: '',
  name: '',
  enabled: true,
  direction: 'before',
  amount: '3',
  unit: 'working_days',
  repeatOn: false,
  everyAmount: '1',
  everyUnit: 'days',
  maxTimes: '3',
  keywords: ['assignee'],
  emails: '',
  level: '0',
  digest: false,
  windowOn: true,
  start: '08:00',
  end: '17:00',
  workingDaysOnly: true,
  sources: '',
  agencies: [],
  priorities: [],
  risks: [],
  unackOn: false,
  unackAmount: '2',
  unackUnit: 'working_days',
  webhooks: [],
});

export function fromRule(r: Rule): Draft {
  return {
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    direction: r.offset.amount < 0 ? 'before' : r.offset.amount > 0 ? 'after' : 'at',
    amount: String(Math.abs(r.offset.amount)),
    unit: r.offset.unit,
    repeatOn: !!r.repeat,
    everyAmount: String(r.repeat?.every.amount ?? 1),
    everyUnit: r.repeat?.every.unit ?? 'days',
    maxTimes: String(r.repeat?.maxTimes ?? 3),
    keywords: r.recipients.filter((x) => !x.startsWith('email:')),
    emails: r.recipients
      .filter((x) => x.startsWith('email:'))
      .map((x) => x.slice(6))
      .join('\n'),
    level: String(r.level),
    digest: r.digest,
    windowOn: !!r.sendWindow,
    start: r.sendWindow?.start ?? '08:00',
    end: r.sendWindow?.end ?? '17:00',
    workingDaysOnly: r.sendWindow?.workingDaysOnly ?? true,
    sources: r.scope.sources.join(', '),
    agencies: r.scope.agencies,
    priorities: r.scope.priorities,
    risks: r.scope.risks ?? [],
    unackOn: !!r.unacknowledgedAfter,
    unackAmount: String(r.unacknowledgedAfter?.amount ?? 2),
    unackUnit: r.unacknowledgedAfter?.unit ?? 'working_days',
    webhooks: r.webhooks ?? [],
    version: r.version,
  };
}

const num = (value: string): unknown => (value.trim() === '' ? value : Number.isNaN(Number(value)) ? value : Number(value));

/** The API body; what the user typed is sent as typed, so the API's own messages name what is wrong. */
export function toBody(d: Draft, withId: boolean): Record<string, unknown> {
  const amount = num(d.amount);
  const signed =
    d.direction === 'at' ? 0 : typeof amount === 'number' ? (d.direction === 'before' ? -Math.abs(amount) : Math.abs(amount)) : amount;
  const emails = d.emails
    .split(/[\n,;]+/)
    .map((e) => e.trim())
    .filter(Boolean)
    .map((e) => `email:${e}`);
  const body: Record<string, unknown> = {
    name: d.name,
    enabled: d.enabled,
    scope: {
      sources: d.sources
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      agencies: d.agencies,
      priorities: d.priorities,
      risks: d.risks,
    },
    offset: { amount: signed, unit: d.unit },
    repeat: d.repeatOn ? { every: { amount: num(d.everyAmount), unit: d.everyUnit }, maxTimes: num(d.maxTimes) } : null,
    recipients: [...d.keywords, ...emails],
    level: num(d.level),
    digest: d.digest,
    sendWindow: d.windowOn ? { start: d.start, end: d.end, workingDaysOnly: d.workingDaysOnly } : null,
    unacknowledgedAfter: d.unackOn ? { amount: num(d.unackAmount), unit: d.unackUnit } : null,
    ...(d.webhooks.length ? { webhooks: d.webhooks } : {}),
  };
  if (withId && d.id.trim()) body.id = d.id.trim();
  if (d.version !== undefined) body.version = d.version;
  return body;
}

/** The draft as the dry run takes it: its id when it has one (so the preview names it), no version. */
export function previewBody(d: Draft): Record<string, unknown> {
  const { version: _version, ...body } = toBody({ ...d, version: undefined }, true);
  return body;
}

/** The draft as a rule for the sentence, when its numbers are numbers. */
export function asRule(d: Draft): Rule | null {
  const body = toBody(d, false);
  const offset = body.offset as Rule['offset'];
  if (typeof offset.amount !== 'number') return null;
  const repeat = body.repeat as Rule['repeat'];
  if (repeat && (typeof repeat.every.amount !== 'number' || typeof repeat.maxTimes !== 'number')) return null;
  return { ...(body as unknown as Rule), id: d.id, level: Number(d.level) || 0 };
}

/** What each part of the form gets: the draft, a way to change it, and the last answer's error (messages by field). */
export interface DraftFieldsProps {
  d: Draft;
  up: (changes: Partial<Draft>) => void;
  error: unknown;
}

/** A checkbox list's new value when one box is ticked or cleared. */
export const toggleIn = (list: string[], value: string, on: boolean): string[] =>
  on ? [...new Set([...list, value])] : list.filter((x) => x !== value);
