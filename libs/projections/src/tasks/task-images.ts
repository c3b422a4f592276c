import { type TaskState, lastReportAt, openBlockers } from '@app/domain';

/**
 * A task's report image: the rm_tasks columns the reports count (status, days late, early
 * warning, monthly plan) as they stood right after one of its events, kept on that event's
 * rm_task_history row. A past report reads a changed task's image at its last event by the date
 * instead of folding its stream again (report-past.ts). The columns that never change after the
 * assignment (source, assigned_at, code) are joined from rm_tasks.
 *
 * One text of fields joined by the unit separator (empty for null): building it is a template
 * string per event, and the past path parses a few thousand of them at most.
 */
export const IMAGE_FIELDS = [
  ['lead_agency', 'text'],
  ['due', 'timestamptz'],
  ['last_day', 'text'],
  ['completed_at', 'timestamptz'],
  ['on_time', 'boolean'],
  ['cancelled_at', 'timestamptz'],
  ['awaiting_confirmation', 'boolean'],
  ['progress_percent', 'int'],
  ['last_report_at', 'timestamptz'],
  ['open_blockers', 'int'],
  ['extension_count', 'int'],
] as const;

const SEP = '\x1f';
const text = (value: string | number | boolean | null | undefined): string =>
  value === null || value === undefined ? '' : typeof value === 'boolean' ? (value ? 't' : 'f') : String(value);

/** The image after the event that made `s` (null before the task exists: the past path folds it). */
export function taskImage(s: TaskState): string | null {
  if (!s.exists) return null;
  return [
    text(s.leadAgency),
    text(s.deadline?.due),
    text(s.deadline?.lastDay),
    text(s.completedAt),
    text(s.completion?.onTime),
    text(s.cancelled?.at),
    text(s.completionReport?.status === 'reported'),
    text(s.progress?.percent),
    text(lastReportAt(s)),
    text(openBlockers(s).length),
    text(s.extensions.length),
  ].join(SEP);
}

/** The image's fields as rm_tasks' columns, from `image` (a text column or expression). */
export function imageColumnsSql(image: string): string {
  return IMAGE_FIELDS.map(([name, type], i) => `nullif(split_part(${image}, E'\\x1f', ${i + 1}), '')::${type} AS ${name}`).join(
    ',\n       ',
  );
}

/**
 * The images of the events a task fold just made, handed to the history projection, which
 * writes them with its rows (in a replay, on a lane of its own once the fold's lane has committed
 * the batch). Bounded: an image never taken (no history projection in the list) falls out, and
 * one taken too late is written as null, which the past path folds instead.
 */
export class TaskImages {
  private readonly images = new Map<number, string | null>();

  constructor(private readonly limit = 250_000) {}

  put(position: number, image: string | null): void {
    this.images.set(position, image);
    if (this.images.size > this.limit) {
      for (const key of this.images.keys()) {
        this.images.delete(key);
        if (this.images.size <= this.limit) break;
      }
    }
  }

  take(position: number): string | null {
    const image = this.images.get(position);
    this.images.delete(position);
    return image ?? null;
  }
}
