import type { TaskState } from '@app/domain';
import { type TallyEntry, isoInstant } from './task-tally';

/**
 * A task's report image: its rm_task_tally entry (task-tally.ts) with its exact assignment time,
 * as it stood right before and right after one of its events, kept on that event's
 * rm_task_history row. A past report takes the tasks changed since its date out of the tally and
 * puts them back as they stood then from these alone (report-sql.ts): summed over a task's
 * late rows, before minus after leaves the image at the date minus the image now, so it reads
 * the late rows and nothing else of the task.
 *
 * One text of fields joined by the unit separator (empty for null); '' when the task counts in
 * no tally row (not yet assigned). A row whose images never arrived carries NULL.
 */
export const IMAGE_FIELDS = [
  ['lead_agency', 'text'],
  ['source_ref', 'text'],
  ['assigned_at', 'timestamptz'],
  ['state', 'text'],
  ['due', 'timestamptz'],
  ['last_day', 'text'],
  ['risk_fixed', 'int'],
  ['risk_severe_from', 'date'],
  ['risk_mild_from', 'date'],
  ['risk_stale_from', 'date'],
  ['awaiting', 'int'],
  ['days_late', 'int'],
] as const;

const SEP = '\x1f';
const text = (value: string | number | null | undefined): string => (value === null || value === undefined ? '' : String(value));

/** The image of `s`, whose tally entry is `e` (tallyOf): '' before the task counts anywhere. */
export function taskImage(s: TaskState, e: TallyEntry | null): string {
  if (!e) return '';
  return [
    e.leadAgency,
    text(e.sourceRef),
    isoInstant(s.assignedAt!),
    e.state,
    text(e.due),
    text(e.lastDay),
    text(e.riskFixed),
    text(e.riskSevereFrom),
    text(e.riskMildFrom),
    text(e.riskStaleFrom),
    e.awaiting,
    e.daysLate,
  ].join(SEP);
}

/**
 * rm_task_tally's columns (and assigned_at) of `n` tasks standing as `image` says (text
 * expressions); the counts are multiplied out.
 */
export function imageTallyColumnsSql(image: string, n: string): string {
  const field = (name: string) => {
    const i = IMAGE_FIELDS.findIndex(([f]) => f === name);
    return `nullif(split_part(${image}, E'\\x1f', ${i + 1}), '')::${IMAGE_FIELDS[i][1]}`;
  };
  return [
    `${field('lead_agency')} AS lead_agency`,
    `${field('source_ref')} AS source_ref`,
    `${field('assigned_at')} AS assigned_at`,
    `(${field('assigned_at')} AT TIME ZONE 'UTC')::date AS assigned_day`,
    `${field('state')} AS state`,
    `${field('due')} AS due`,
    `${field('last_day')} AS last_day`,
    `${n} AS tasks`,
    `${n} * ${field('awaiting')} AS awaiting`,
    `${n} * ${field('days_late')} AS days_late`,
    `${field('risk_fixed')} AS risk_fixed`,
    `${field('risk_severe_from')} AS risk_severe_from`,
    `${field('risk_mild_from')} AS risk_mild_from`,
    `${field('risk_stale_from')} AS risk_stale_from`,
  ].join(',\n       ');
}

/** What the history row of one event carries beside the event: images, and the previous event's times when out of order. */
export interface EventImages {
  before: string;
  after: string;
  /** the task's previous event's times when this one occurred or was recorded before it; 'unknown' when they were not kept */
  previous: { occurredAt: Date; recordedAt: Date } | 'unknown' | null;
}

/**
 * The images of the events a task fold just made, handed to the history projection, which
 * writes them with its rows (in a replay, on a lane of its own once the fold's lane has committed
 * the batch). Bounded: images never taken (no history projection in the list) fall out, and
 * those taken too late are written as unknown, which the past path folds instead.
 */
export class TaskImages {
  private readonly images = new Map<number, EventImages>();

  constructor(private readonly limit = 250_000) {}

  put(position: number, images: EventImages): void {
    this.images.set(position, images);
    if (this.images.size > this.limit) {
      for (const key of this.images.keys()) {
        this.images.delete(key);
        if (this.images.size <= this.limit) break;
      }
    }
  }

  take(position: number): EventImages | null {
    const images = this.images.get(position);
    this.images.delete(position);
    return images ?? null;
  }
}
