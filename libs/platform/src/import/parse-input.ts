import { parse as parseCsvText } from 'csv-parse/sync';
import {
  AGENCY_COLUMNS,
  REQUIRED_AGENCY_FIELDS,
  REQUIRED_TASK_FIELDS,
  RecordKind,
  TASK_COLUMNS,
  guessKind,
  matchColumn,
  normalizeHeader,
} from './columns';
import { AgencyRecord, ImportInput, ImportIssue, ImportRecord, TaskRecord } from './import.types';
import { jsonElementLines, lineOfOffset } from './json-lines';

export type ImportFormat = 'csv' | 'json';

export interface ParseOptions {
  /** default: from the file name's extension, else sniffed from the first character */
  format?: ImportFormat;
  /** what the rows are; default: guessed from the CSV header or the JSON shape */
  kind?: RecordKind;
  /** for messages and the format guess */
  fileName?: string;
}

const emptyInput = (): ImportInput => ({ agencies: [], tasks: [], fileIssues: [], warnings: [] });

const fileIssue = (line: number, message: string, field = 'file'): ImportIssue => ({
  line,
  row: null,
  kind: 'file',
  code: null,
  field,
  message,
});

/**
 * Reads an import file (CSV or JSON, UTF-8 with or without BOM) into rows keyed by canonical
 * field names. Nothing is validated here beyond the file's shape: the importer checks each row
 * with the domain deciders.
 */
export function parseImportFile(content: Buffer | string, options: ParseOptions = {}): ImportInput {
  let text: string;
  if (typeof content === 'string') {
    text = content;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(content);
    } catch {
      const input = emptyInput();
      input.fileIssues.push(fileIssue(1, 'the file is not UTF-8 text; save it as "CSV UTF-8" (or JSON in UTF-8) and import again'));
      return input;
    }
  }
  text = text.replace(/^\ufeff/, '');
  const format = options.format ?? formatOf(options.fileName, text);
  const input = format === 'json' ? parseJsonText(text, options.kind) : parseCsv(text, options.kind);
  return options.fileName ? withFile(input, options.fileName) : input;
}

function withFile(input: ImportInput, file: string): ImportInput {
  for (const r of [...input.agencies, ...input.tasks]) r.file = file;
  for (const i of input.fileIssues) i.file = file;
  input.warnings = input.warnings.map((w) => `${file}: ${w}`);
  return input;
}

/** Several parsed files as one import (all or nothing across them). */
export function mergeInputs(inputs: ImportInput[]): ImportInput {
  const merged = emptyInput();
  for (const input of inputs) {
    merged.agencies.push(...input.agencies);
    merged.tasks.push(...input.tasks);
    merged.fileIssues.push(...input.fileIssues);
    merged.warnings.push(...input.warnings);
  }
  return merged;
}

function formatOf(fileName: string | undefined, text: string): ImportFormat {
  const ext = fileName?.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (ext === 'json') return 'json';
  if (ext === 'csv' || ext === 'txt' || ext === 'tsv') return 'csv';
  return /^\s*[[{]/.test(text) ? 'json' : 'csv';
}

/** Comma, semicolon (Excel in a comma-decimal locale) or tab: whichever the header line has most of. */
function sniffDelimiter(text: string): string {
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  const counts = [',', ';', '\t'].map((d) => ({ d, n: outsideQuotes(header, d) }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0].n > 0 ? counts[0].d : ',';
}

function outsideQuotes(line: string, ch: string): number {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === ch && !quoted) n++;
  }
  return n;
}

export function parseCsv(text: string, kind?: RecordKind): ImportInput {
  const input = emptyInput();
  type Parsed = { record: string[]; info: { lines: number; empty_lines: number } };
  let parsed: Parsed[];
  try {
    parsed = parseCsvText(text.replace(/^\ufeff/, ''), {
      bom: true,
      info: true,
      delimiter: sniffDelimiter(text),
      skip_empty_lines: true,
      relax_column_count: true,
      trim: false,
    }) as unknown as Parsed[];
  } catch (error) {
    const line = Number((error as { lines?: number }).lines) || 1;
    input.fileIssues.push(fileIssue(line, `the CSV cannot be read: ${(error as Error).message}`));
    return input;
  }
  if (parsed.length === 0) {
    input.fileIssues.push(fileIssue(1, 'the file is empty: the first line must be a header row'));
    return input;
  }
  const [header, ...rows] = parsed;
  const headers = header.record.map((h) => h.trim());
  const recordKind = kind ?? guessKind(headers);
  if (recordKind === null) {
    input.fileIssues.push(
      fileIssue(
        1,
        `cannot tell tasks from agencies by the header row (${headers.join(', ')}); tasks need "Thời hạn"/deadline, agencies "Loại"/kind (see docs/import-format.md)`,
      ),
    );
    return input;
  }
  const mapping = mapHeaders(recordKind, headers, input);
  if (input.fileIssues.length) return input;

  // A record's first line: the line after the previous record, plus the empty lines skipped since.
  let previousEnd = header.info.lines;
  let previousEmpty = header.info.empty_lines;
  rows.forEach((r) => {
    const line = previousEnd + 1 + (r.info.empty_lines - previousEmpty);
    previousEnd = r.info.lines;
    previousEmpty = r.info.empty_lines;
    if (r.record.every((cell) => cell.trim() === '')) return; // a row of empty cells (;;;;)
    const values: Record<string, unknown> = {};
    const columns: Record<string, string> = {};
    if (r.record.length > headers.length && r.record.slice(headers.length).some((c) => c.trim() !== '')) {
      input.warnings.push(
        `line ${line}: ${r.record.length - headers.length} cell(s) beyond the header's ${headers.length} columns ignored`,
      );
    }
    mapping.forEach((field, i) => {
      if (field === null) return;
      const cell = r.record[i];
      if (cell === undefined || cell.trim() === '') return;
      values[field] = cell;
      columns[field] = headers[i];
    });
    pushRecord(input, { kind: recordKind, line, row: 0, values, columns });
  });
  return input;
}

/** header i → canonical field (null: ignored); unknown and duplicate headers noted, required ones checked */
function mapHeaders(kind: RecordKind, headers: string[], input: ImportInput): (string | null)[] {
  const seen = new Map<string, string>();
  const unknown: string[] = [];
  const mapping = headers.map((h) => {
    const match = matchColumn(kind, h);
    if ('field' in match) {
      const earlier = seen.get(match.field);
      if (earlier !== undefined) {
        input.fileIssues.push(fileIssue(1, `columns "${earlier}" and "${h}" both give ${match.field}`, match.field));
        return null;
      }
      seen.set(match.field, h);
      return match.field;
    }
    if ('unknown' in match) unknown.push(h);
    return null;
  });
  if (unknown.length) input.warnings.push(`column(s) not imported: ${unknown.map((h) => `"${h}"`).join(', ')}`);
  const required = kind === 'task' ? REQUIRED_TASK_FIELDS : REQUIRED_AGENCY_FIELDS;
  const columns = (kind === 'task' ? TASK_COLUMNS : AGENCY_COLUMNS) as Record<string, string[]>;
  for (const field of required) {
    if (!seen.has(field)) input.fileIssues.push(fileIssue(1, `missing column ${field} ("${columns[field][0]}")`, field));
  }
  return mapping;
}

function pushRecord(input: ImportInput, record: ImportRecord): void {
  if (record.kind === 'task') {
    record.row = input.tasks.length + 1;
    input.tasks.push(record as TaskRecord);
  } else {
    record.row = input.agencies.length + 1;
    input.agencies.push(record as AgencyRecord);
  }
}

/**
 * JSON: an array of rows (tasks or agencies, guessed from their keys unless `kind` says), or
 * `{"agencies": [...], "tasks": [...]}`. Rows use the API's names (`leadAgency`,
 * `assignee: {name, email}`, `source: {kind, ref, issuedOn}`, `completion: {...}`,
 * `extension: {...}`) or the same headers as CSV.
 */
export function parseJsonText(text: string, kind?: RecordKind): ImportInput {
  const input = emptyInput();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const at = /position (\d+)/.exec((error as Error).message);
    input.fileIssues.push(fileIssue(at ? lineOfOffset(text, Number(at[1])) : 1, `the JSON cannot be read: ${(error as Error).message}`));
    return input;
  }
  const lines = jsonElementLines(text);
  const lineOf = (path: string) => lines.get(path) ?? 1;
  if (Array.isArray(json)) {
    const recordKind = kind ?? guessKind(json.flatMap((o) => (isObject(o) ? flatKeys(o) : [])));
    if (recordKind === null) {
      input.fileIssues.push(
        fileIssue(1, 'cannot tell tasks from agencies by the keys of the rows; tasks need "deadline", agencies "kind"'),
      );
      return input;
    }
    recordsFromObjects(json, recordKind, input, (i) => lineOf(`[${i}]`));
  } else if (isObject(json)) {
    const known = Object.keys(json).filter((k) => k === 'agencies' || k === 'tasks');
    if (known.length === 0) {
      input.fileIssues.push(fileIssue(1, 'a JSON import is an array of rows or {"agencies": [...], "tasks": [...]}'));
      return input;
    }
    for (const key of known) {
      const list = json[key];
      if (!Array.isArray(list)) {
        input.fileIssues.push(fileIssue(lineOf(`.${key}`), `"${key}" must be an array`, key));
        continue;
      }
      recordsFromObjects(list, key === 'agencies' ? 'agency' : 'task', input, (i) => lineOf(`.${key}[${i}]`));
    }
  } else {
    input.fileIssues.push(fileIssue(1, 'a JSON import is an array of rows or {"agencies": [...], "tasks": [...]}'));
  }
  return input;
}

/** Nested objects whose keys become dotted fields (`assignee.email`). */
const NESTED = new Set(['source', 'assignee', 'completion', 'extension', 'head']);

function flatKeys(o: Record<string, unknown>): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    isObject(v) && NESTED.has(normalizeHeader(k)) ? Object.keys(v).map((sub) => `${k}.${sub}`) : [k],
  );
}

/**
 * Plain objects (a parsed JSON file, or rows built in code such as the demo data set) into
 * records, through the same column names as CSV. `lineOf(i)` gives each row's line.
 */
export function recordsFromObjects(
  list: unknown[],
  kind: RecordKind,
  input: ImportInput = emptyInput(),
  lineOf: (index: number) => number = (i) => i + 1,
): ImportInput {
  const unknown = new Set<string>();
  list.forEach((item, index) => {
    const line = lineOf(index);
    if (!isObject(item)) {
      pushRecord(input, { kind, line, row: 0, values: {}, columns: {} });
      const record = kind === 'task' ? input.tasks[input.tasks.length - 1] : input.agencies[input.agencies.length - 1];
      (record.values as Record<string, unknown>)['#invalid'] = true;
      return;
    }
    const values: Record<string, unknown> = {};
    const columns: Record<string, string> = {};
    const put = (key: string, value: unknown) => {
      if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return;
      const match = matchColumn(kind, key);
      if ('field' in match) {
        values[match.field] = value;
        columns[match.field] = key;
      } else if ('unknown' in match) {
        unknown.add(key);
      }
    };
    for (const [key, value] of Object.entries(item)) {
      const nested = normalizeHeader(key);
      if (isObject(value) && NESTED.has(nested)) {
        for (const [sub, v] of Object.entries(value)) put(`${nested}.${sub}`, v);
      } else {
        put(key, value);
      }
    }
    pushRecord(input, { kind, line, row: 0, values, columns });
  });
  if (unknown.size)
    input.warnings.push(`${kind === 'task' ? 'task' : 'agency'} field(s) not imported: ${[...unknown].map((k) => `"${k}"`).join(', ')}`);
  return input;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
