import { DomainError } from '@app/domain';

/**
 * The orders the task list pages in, each with its SQL key and the same key in JavaScript (for a
 * past list, replayed in memory), and the keyset cursor that continues it: `(key, code)` after
 * the last row of the page, so a page costs the same wherever it is and rows written meanwhile
 * neither repeat nor vanish.
 */
export const TASK_SORTS = ['code', 'due', 'status', 'agency', 'source', 'title', 'progress', 'gaps'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];
export type SortDirection = 'asc' | 'desc';

/** The most urgent first when ascending. */
export const STATUS_ORDER = ['overdue', 'due_soon', 'on_track', 'ongoing', 'completed_late', 'completed_on_time', 'cancelled'];

type KeyValue = string | number;

/** What the JavaScript keys read of a listed task. */
export interface SortableTask {
  code: string;
  title: string;
  status: string;
  leadAgency: string;
  source: { ref: string | null } | null;
  deadline: { due: string | null };
  progress: { percent: number } | null;
  clarity: unknown;
}

const FAR = '9999-12-31T23:59:59.999Z';

/** The SQL expression of each order's key over rm_tasks (`status` is the computed status column's SQL). */
export function sortKeySql(sort: TaskSort, status: string): { sql: string; cast: string } {
  switch (sort) {
    case 'due':
      return { sql: `coalesce(due, '${FAR}'::timestamptz)`, cast: 'timestamptz' };
    case 'status':
      return { sql: `array_position(ARRAY['${STATUS_ORDER.join("','")}'], ${status})`, cast: 'int' };
    case 'agency':
      return { sql: 'lead_agency', cast: 'text' };
    case 'source':
      return { sql: "coalesce(source_ref, '')", cast: 'text' };
    case 'title':
      return { sql: 'title', cast: 'text' };
    case 'progress':
      return { sql: 'coalesce(progress_percent, -1)', cast: 'int' };
    case 'gaps':
      return { sql: `coalesce(jsonb_array_length(clarity->'missing'), 0)`, cast: 'int' };
    default:
      return { sql: 'code', cast: 'text' };
  }
}

export function sortKeyOf(task: SortableTask, sort: TaskSort): KeyValue {
  switch (sort) {
    case 'due':
      return task.deadline.due ? new Date(task.deadline.due).toISOString() : new Date(FAR).toISOString();
    case 'status':
      return STATUS_ORDER.indexOf(task.status) + 1;
    case 'agency':
      return task.leadAgency;
    case 'source':
      return task.source?.ref ?? '';
    case 'title':
      return task.title;
    case 'progress':
      return task.progress?.percent ?? -1;
    case 'gaps':
      return ((task.clarity as { missing?: unknown[] } | null)?.missing ?? []).length;
    default:
      return task.code;
  }
}

/** Orders tasks as the SQL does (the code breaks ties, in the same direction). */
export function compareTasks(sort: TaskSort, dir: SortDirection): (a: SortableTask, b: SortableTask) => number {
  const sign = dir === 'desc' ? -1 : 1;
  return (a, b) => sign * compareKeys([sortKeyOf(a, sort), a.code], [sortKeyOf(b, sort), b.code]);
}

export function compareKeys(a: [KeyValue, string], b: [KeyValue, string]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

// A code never holds a control character, so the marker tells a keyset cursor from a plain one.
const MARK = '\u0001';

/** The cursor after `task`: the plain code for the default order (as before), else the order, its key and the code. */
export function encodeTaskCursor(task: SortableTask, sort: TaskSort, dir: SortDirection): string {
  const text = sort === 'code' && dir === 'asc' ? task.code : MARK + JSON.stringify([sort, dir, sortKeyOf(task, sort), task.code]);
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** The `(key, code)` to continue after; a cursor of another order is refused (it cannot continue this one). */
export function decodeTaskCursor(cursor: string, sort: TaskSort, dir: SortDirection): [KeyValue, string] {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const refuse = () => DomainError.invalid('cursor', 'is not a cursor this API returned');
  if (text.startsWith(MARK)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text.slice(1));
    } catch {
      throw refuse();
    }
    if (!Array.isArray(parsed) || parsed.length !== 4 || typeof parsed[3] !== 'string' || !['string', 'number'].includes(typeof parsed[2]))
      throw refuse();
    if (parsed[0] !== sort || parsed[1] !== dir)
      throw DomainError.invalid('cursor', 'belongs to another order of the list: start again without it');
    return [parsed[2] as KeyValue, parsed[3]];
  }
  if (!text || /[\u0000-\u001f\ufffd]/.test(text)) throw refuse();
  if (sort !== 'code' || dir !== 'asc') throw DomainError.invalid('cursor', 'belongs to another order of the list: start again without it');
  return [text, text];
}

/** `q`: the words a task's code, title, officer, source or lead agency contains (case-insensitive). */
export function textMatches(
  task: { code: string; title: string; leadAgency: string; assignee: { name: string } | null; source: { ref: string | null } | null },
  q: string,
): boolean {
  const needle = q.toLocaleLowerCase('vi');
  return [task.code, task.title, task.assignee?.name, task.source?.ref, task.leadAgency].some(
    (v) => !!v && v.toLocaleLowerCase('vi').includes(needle),
  );
}
