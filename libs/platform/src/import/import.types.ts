import type { AgencyField, RecordKind, TaskField } from './columns';

/** One row of an import file, its values keyed by canonical field name. */
export interface ImportRecord<F extends string = string> {
  kind: RecordKind;
  /** the file the row came from, when read from one */
  file?: string;
  /** 1-based line of the file where the row starts (a quoted CSV cell may span lines) */
  line: number;
  /** 1-based position among the rows of its kind */
  row: number;
  values: Partial<Record<F, unknown>>;
  /** the header each value came from, as written in the file */
  columns: Partial<Record<F, string>>;
}

export type TaskRecord = ImportRecord<TaskField>;
export type AgencyRecord = ImportRecord<AgencyField>;

/** A bad row (or a file-level problem, then `row` is null): every field at fault is one issue. */
export interface ImportIssue {
  /** the file, when the import read several */
  file?: string;
  line: number;
  row: number | null;
  kind: RecordKind | 'file';
  /** the row's code when it has one */
  code: string | null;
  /** canonical field name (`leadAgency`, `completion.completedAt`, `coordinatingAgencies[1]`) */
  field: string;
  /** the header as written in the file, when the field came from one */
  column?: string;
  message: string;
}

/** Rows parsed from one or more files, ready for importData. */
export interface ImportInput {
  agencies: AgencyRecord[];
  tasks: TaskRecord[];
  /** problems that stop the whole file (unreadable, malformed, a required column missing) */
  fileIssues: ImportIssue[];
  /** things worth saying that stop nothing (columns ignored) */
  warnings: string[];
}

export interface ImportProgress {
  phase: 'validate' | 'import';
  done: number;
  total: number;
}

export interface ImportOptions {
  /** record time of every appended event, and the instant business times may not pass */
  now: Date;
  /** events' metadata actor; default {role: 'admin', name: 'import'} */
  actor?: { role: string; name: string; agency?: string };
  /** validate and report, append nothing */
  dryRun?: boolean;
  /** import the good rows even when some are bad (default: one bad row stops the whole import) */
  partial?: boolean;
  /** DEADLINE_TIMEZONE: zone of plain dates and of offset-less local times */
  timeZone?: string;
  onProgress?(progress: ImportProgress): void;
}

export interface KindCounts {
  total: number;
  /** appended (or, in a dry run, that would be) */
  imported: number;
  /** already in the store (same code): nothing appended */
  skipped: number;
  failed: number;
}

/**
 * One row of the file and its outcome: `create` (appended, or would be on a dry run), `unchanged`
 * (its code is already there), `invalid` (see the issues of its line), `valid` (good, but not
 * looked up in the store because another row is bad and the import is not partial).
 */
export interface ImportedRow {
  kind: RecordKind;
  line: number;
  code: string | null;
  outcome: 'create' | 'unchanged' | 'invalid' | 'valid';
  /** the task's title or the agency's name */
  name: string | null;
  leadAgency: string | null;
  /** the deadline's last day (YYYY-MM-DD), as written in the file for an invalid row; null for an ongoing task or an agency */
  deadline: string | null;
}

export interface ImportReport {
  dryRun: boolean;
  partial: boolean;
  agencies: KindCounts;
  tasks: KindCounts;
  issues: ImportIssue[];
  warnings: string[];
  /** rows whose code was already in the store */
  skipped: { kind: RecordKind; line: number; code: string }[];
  /** every row with what was (or, on a dry run, would be) done with it: the preview people check before importing */
  rows: ImportedRow[];
  /** events appended */
  events: number;
  /** global position of the last appended event (null when nothing was appended) */
  lastPosition: number | null;
}
