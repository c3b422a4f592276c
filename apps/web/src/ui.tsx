import type { ComponentChildren, TargetedEvent } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';
import { useApp } from './context';
import { isKey, type Key, type T } from './i18n';
import { dayFromInput } from './format';
import { CLARITY_ITEMS, type Clarity, type NoticeStatus, type TaskStatus } from './types';

/** Loads data for a page; reload() fetches again (keeping what is shown meanwhile). */
export function useLoad<D>(load: (signal: AbortSignal) => Promise<D>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: D; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    load(abort.signal).then(
      (data) => !abort.signal.aborted && setState({ data, loading: false }),
      (error) => !abort.signal.aborted && (error as Error)?.name !== 'AbortError' && setState((s) => ({ ...s, error, loading: false })),
    );
    return () => abort.abort();
    // deps are the caller's: the loader itself changes on every render
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload, setData: (data: D) => setState({ data, loading: false }) };
}

/** Calls fn every `ms` while the page is visible (the overview's live figures). */
export function useInterval(fn: () => void, ms: number | null): void {
  const saved = useRef(fn);
  saved.current = fn;
  useEffect(() => {
    if (ms === null) return;
    const id = window.setInterval(() => {
      if (document.visibilityState === 'visible') saved.current();
    }, ms);
    return () => window.clearInterval(id);
  }, [ms]);
}

export function errorText(error: unknown, t: T): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('error.network');
    if (error.status === 401) return t('error.unauthorized');
    if (error.status === 403) return `${t('error.forbidden')} (${error.message})`;
    if (error.status === 404) return `${t('error.notFound')} (${error.message})`;
    if (error.status === 409) return `${t('error.conflict')}: ${error.message}`;
    if (error.status === 400) return t('error.invalid');
    return `${t('error.server')}: ${error.message}`;
  }
  return String((error as Error)?.message ?? error);
}

/** The form's error summary: the API's message, and the details no field of the form shows. */
export function ErrorSummary({ error, fields = [] }: { error: unknown; fields?: string[] }) {
  const { t } = useApp();
  if (!error) return null;
  const rest = error instanceof ApiError ? error.unclaimed(fields) : [];
  return (
    <div class="alert alert-error" role="alert">
      <strong>{errorText(error, t)}</strong>
      {rest.length > 0 && (
        <ul>
          {rest.map((d) => (
            <li key={d.field + d.message}>
              <code>{d.field}</code>: {d.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Loading() {
  const { t } = useApp();
  return (
    <p class="muted" role="status" aria-live="polite">
      {t('common.loading')}
    </p>
  );
}

export function LoadError({ error }: { error: unknown }) {
  const { t } = useApp();
  return (
    <div class="alert alert-error" role="alert">
      {errorText(error, t)}
    </div>
  );
}

interface FieldProps {
  id: string;
  label: string;
  /** the API's field name whose messages show under this input */
  field?: string;
  error?: unknown;
  hint?: ComponentChildren;
  children: (aria: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) => ComponentChildren;
  class?: string;
}

/** A labelled input with the API's messages for its field right under it. */
export function Field({ id, label, field, error, hint, children, class: cls }: FieldProps) {
  const messages = field && error instanceof ApiError ? error.forField(field) : [];
  const describedBy = [hint ? `${id}-hint` : '', messages.length ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field ${messages.length ? 'field-invalid' : ''} ${cls ?? ''}`}>
      <label for={id}>{label}</label>
      {children({ id, 'aria-invalid': messages.length ? true : undefined, 'aria-describedby': describedBy })}
      {hint && (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      )}
      {messages.length > 0 && (
        <div id={`${id}-error`} class="field-error" role="alert">
          {messages.map((m) => (
            <div key={m}>{m}</div>
          ))}
        </div>
      )}
    </div>
  );
}

export function StatusBadge({ status }: { status: TaskStatus | string }) {
  const { t } = useApp();
  const key = `status.${status}`;
  return <span class={`badge status-${status}`}>{isKey(key) ? t(key) : status}</span>;
}

export function NoticeBadge({ status }: { status: NoticeStatus | string }) {
  const { t } = useApp();
  const key = `notice.${status}`;
  return <span class={`badge notice-${status}`}>{isKey(key) ? t(key) : status}</span>;
}

export const clarityKey = (item: string): Key => `clarity.${item}` as Key;

/** The "6 rõ" gaps of a task, flagged in lists. */
export function ClarityFlag({ clarity }: { clarity: Clarity | null | undefined }) {
  const { t } = useApp();
  if (!clarity || clarity.missing.length === 0) return null;
  const names = clarity.missing.map((m) => t(clarityKey(m))).join(', ');
  return (
    <span class="gap-flag" title={`${t('clarity.missing')}: ${names}`} aria-label={`${t('clarity.missing')}: ${names}`}>
      ⚠ {t('clarity.gaps', { n: clarity.missing.length })}
    </span>
  );
}

/** The six items, each present or missing. */
export function ClarityList({ clarity }: { clarity: Clarity }) {
  const { t } = useApp();
  return (
    <ul class="clarity" aria-label={t('clarity.title')}>
      {CLARITY_ITEMS.map((item) => (
        <li key={item} class={clarity[item] ? 'ok' : 'missing'}>
          <span aria-hidden="true">{clarity[item] ? '✓' : '✗'}</span> {t(clarityKey(item))}
          <span class="sr-only">: {clarity[item] ? t('clarity.present') : t('clarity.absent')}</span>
        </li>
      ))}
    </ul>
  );
}

export function Card({
  title,
  children,
  class: cls,
  actions,
  id,
}: {
  title?: ComponentChildren;
  children: ComponentChildren;
  class?: string;
  actions?: ComponentChildren;
  id?: string;
}) {
  return (
    <section class={`card ${cls ?? ''}`} aria-labelledby={id && title ? `${id}-title` : undefined} id={id}>
      {(title || actions) && (
        <div class="card-head">
          {title && <h2 id={id ? `${id}-title` : undefined}>{title}</h2>}
          {actions && <div class="card-actions">{actions}</div>}
        </div>
      )}
      {children}
    </section>
  );
}

export function Progress({ percent }: { percent: number | null | undefined }) {
  if (percent === null || percent === undefined) return <span class="muted">—</span>;
  return (
    <span class="progress" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100} aria-label={`${percent}%`}>
      <span class="progress-bar" style={{ width: `${Math.max(0, Math.min(100, percent))}%` }} />
      <span class="progress-text">{percent}%</span>
    </span>
  );
}

export type SortDir = 'asc' | 'desc';

/** A sortable column header (aria-sort tells assistive technology the order). */
export function SortHeader({
  label,
  column,
  sort,
  onSort,
  class: cls,
}: {
  label: string;
  column: string;
  sort: { column: string; dir: SortDir };
  onSort(column: string): void;
  class?: string;
}) {
  const active = sort.column === column;
  return (
    <th scope="col" class={cls} aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" class="sort" onClick={() => onSort(column)}>
        {label}
        <span aria-hidden="true" class="sort-mark">
          {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

export function onText(set: (value: string) => void) {
  return (e: TargetedEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => set(e.currentTarget.value);
}

const FULL_DAY = /^\s*(\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{2}-\d{2})\s*$/;
const shownDay = (v: string) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v.slice(8, 10)}/${v.slice(5, 7)}/${v.slice(0, 4)}` : v);

/**
 * A day typed and shown as dd/mm/yyyy whatever the browser's locale (a date picker would follow
 * the browser's, and a day typed for one locale could be read as another). `onChange` receives
 * YYYY-MM-DD once a whole day is typed, '' when cleared, and on leaving the field whatever was
 * typed otherwise, so the API names the field.
 */
export function DayInput({
  value,
  onChange,
  ...rest
}: {
  value: string;
  onChange: (day: string) => void;
  id?: string;
  required?: boolean;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}) {
  const [text, setText] = useState(shownDay(value));
  useEffect(() => setText(shownDay(value)), [value]);
  const commit = (raw: string, final: boolean) => {
    const day = raw.trim() === '' ? '' : FULL_DAY.test(raw) ? dayFromInput(raw) : final ? raw.trim() : null;
    if (day !== null && day !== value) onChange(day);
  };
  return (
    <input
      {...rest}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      placeholder="dd/mm/yyyy"
      value={text}
      onInput={(e) => {
        setText(e.currentTarget.value);
        commit(e.currentTarget.value, false);
      }}
      onBlur={(e) => commit(e.currentTarget.value, true)}
    />
  );
}
