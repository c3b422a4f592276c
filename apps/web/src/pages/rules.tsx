import { useMemo, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { useApp } from '../context';
import {
  addDays,
  fmtDate,
  fmtDateTime,
  offsetWords,
  recipientLabel,
  recipientWords,
  repeatWords,
  ruleSentence,
  weekday,
  windowWords,
  ymd,
} from '../format';
import { href, navigate, taskHref, type Route } from '../router';
import type { OffsetUnit, RepeatUnit, Rule, SimulatedNotice } from '../types';
import { Card, ErrorSummary, Field, LoadError, Loading, errorText, onText, useLoad } from '../ui';

const OFFSET_UNITS: OffsetUnit[] = ['working_days', 'days', 'hours'];
const REPEAT_UNITS: RepeatUnit[] = ['days', 'working_days', 'hours'];
const KEYWORDS = ['assignee', 'agency_head', 'coordinators'] as const;
const PRIORITIES = ['normal', 'high', 'critical'] as const;

export function RulesPage({ route }: { route: Route }) {
  const id = route.path[1];
  if (id === 'new') return <RuleEditor ruleId={null} />;
  if (id) return <RuleEditor ruleId={id} />;
  return <RuleList />;
}

/* -------------------------------------------------------------------- list */

function RuleList() {
  const { t, api, can, notify } = useApp();
  const rules = useLoad((signal) => api.get('/reminder-rules', { signal }), []);
  const [error, setError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  const toggle = async (rule: Rule) => {
    setError(null);
    try {
      const { updatedAt: _u, ...body } = rule;
      await api.put('/reminder-rules/{id}', { params: { path: { id: rule.id } }, body: { ...body, enabled: !rule.enabled } });
      notify(t(rule.enabled ? 'rules.disabledOk' : 'rules.enabledOk', { name: rule.name }));
      rules.reload();
    } catch (e) {
      setError(e);
    }
  };
  const remove = async (rule: Rule) => {
    setError(null);
    try {
      await api.delete('/reminder-rules/{id}', { params: { path: { id: rule.id } } });
      setConfirming(null);
      notify(t('rules.deletedOk', { name: rule.name }));
      rules.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div class="page">
      <div class="page-head">
        <h1>{t('rules.title')}</h1>
        {can.writeRules ? (
          <a class="button" href={href('/rules/new')}>
            + {t('rules.new')}
          </a>
        ) : (
          <p class="muted">{t('rules.readOnly')}</p>
        )}
      </div>
      <p class="muted">{t('rules.intro')}</p>
      <ErrorSummary error={error} />
      {rules.error && <LoadError error={rules.error} />}
      {!rules.data && !rules.error && <Loading />}
      {rules.data && (
        <div class="table-wrap">
          <table class="rules-table">
            <thead>
              <tr>
                <th scope="col">{t('rules.name')}</th>
                <th scope="col">{t('rules.when')}</th>
                <th scope="col">{t('rules.recipients')}</th>
                <th scope="col">{t('rules.level')}</th>
                <th scope="col">{t('rules.scope')}</th>
                <th scope="col">{t('rules.state')}</th>
                {can.writeRules && <th scope="col">{t('rules.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {rules.data.length === 0 && (
                <tr>
                  <td colSpan={7} class="muted">
                    {t('rules.none')}
                  </td>
                </tr>
              )}
              {rules.data.map((r) => (
                <tr key={r.id} data-rule={r.id} class={r.enabled ? '' : 'row-disabled'}>
                  <td>
                    <a href={href(`/rules/${encodeURIComponent(r.id)}`)}>{r.name}</a>
                    <div class="sub">
                      <code>{r.id}</code>
                    </div>
                  </td>
                  <td>
                    <strong>{offsetWords(r.offset, t)}</strong>
                    <div class="sub">{repeatWords(r.repeat, t)}</div>
                    <div class="sub">{windowWords(r.sendWindow, t)}</div>
                  </td>
                  <td>
                    {r.recipients.map((x) => recipientWords(x, t)).join(', ')}
                    {r.digest && <div class="sub">{t('rules.digest')}</div>}
                  </td>
                  <td>{r.level}</td>
                  <td>{scopeWords(r.scope, t)}</td>
                  <td>
                    <span class={`badge ${r.enabled ? 'rule-on' : 'rule-off'}`}>
                      {r.enabled ? t('rules.enabled') : t('rules.disabled')}
                    </span>
                  </td>
                  {can.writeRules && (
                    <td class="actions-cell">
                      <a class="button small secondary" href={href(`/rules/${encodeURIComponent(r.id)}`)}>
                        {t('rules.edit')}
                      </a>
                      <button type="button" class="small secondary" onClick={() => toggle(r)}>
                        {r.enabled ? t('rules.disable') : t('rules.enable')}
                      </button>
                      {confirming === r.id ? (
                        <>
                          <button type="button" class="small danger" onClick={() => remove(r)}>
                            {t('rules.confirmDelete')}
                          </button>
                          <button type="button" class="small secondary" onClick={() => setConfirming(null)}>
                            {t('common.cancel')}
                          </button>
                        </>
                      ) : (
                        <button type="button" class="small danger-outline" onClick={() => setConfirming(r.id)}>
                          {t('rules.delete')}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {can.simulate && <Preview title={t('rules.previewSaved')} rules={null} />}
    </div>
  );
}

function scopeWords(scope: Rule['scope'], t: ReturnType<typeof useApp>['t']): string {
  const parts = [
    scope.sources.length ? `${t('tasks.source')}: ${scope.sources.join(', ')}` : '',
    scope.agencies.length ? `${t('tasks.agency')}: ${scope.agencies.join(', ')}` : '',
    scope.priorities.length
      ? `${t('rules.priorities')}: ${scope.priorities.map((p) => t(`priority.${p}` as 'priority.high')).join(', ')}`
      : '',
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : t('rules.allTasks');
}

/* ------------------------------------------------------------------ editor */

interface Draft {
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
  version?: number;
}

const emptyDraft = (): Draft => ({
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
});

function fromRule(r: Rule): Draft {
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
    version: r.version,
  };
}

const num = (value: string): unknown => (value.trim() === '' ? value : Number.isNaN(Number(value)) ? value : Number(value));

/** The API body; what the user typed is sent as typed, so the API's own messages name what is wrong. */
function toBody(d: Draft, withId: boolean): Record<string, unknown> {
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
    },
    offset: { amount: signed, unit: d.unit },
    repeat: d.repeatOn ? { every: { amount: num(d.everyAmount), unit: d.everyUnit }, maxTimes: num(d.maxTimes) } : null,
    recipients: [...d.keywords, ...emails],
    level: num(d.level),
    digest: d.digest,
    sendWindow: d.windowOn ? { start: d.start, end: d.end, workingDaysOnly: d.workingDaysOnly } : null,
  };
  if (withId && d.id.trim()) body.id = d.id.trim();
  if (d.version !== undefined) body.version = d.version;
  return body;
}

/** The draft as the dry run takes it: its id when it has one (so the preview names it), no version. */
function previewBody(d: Draft): Record<string, unknown> {
  const { version: _version, ...body } = toBody({ ...d, version: undefined }, true);
  return body;
}

/** The draft as a rule for the sentence, when its numbers are numbers. */
function asRule(d: Draft): Rule | null {
  const body = toBody(d, false);
  const offset = body.offset as Rule['offset'];
  if (typeof offset.amount !== 'number') return null;
  const repeat = body.repeat as Rule['repeat'];
  if (repeat && (typeof repeat.every.amount !== 'number' || typeof repeat.maxTimes !== 'number')) return null;
  return { ...(body as unknown as Rule), id: d.id, level: Number(d.level) || 0 };
}

function RuleEditor({ ruleId }: { ruleId: string | null }) {
  const { api } = useApp();
  const existing = useLoad(
    (signal) => (ruleId ? api.get('/reminder-rules/{id}', { params: { path: { id: ruleId } }, signal }) : Promise.resolve(null)),
    [ruleId],
  );
  if (ruleId && existing.error) return <LoadError error={existing.error} />;
  if (ruleId && !existing.data) return <Loading />;
  return <RuleForm key={ruleId ?? 'new'} initial={existing.data ? fromRule(existing.data) : emptyDraft()} isNew={!ruleId} />;
}

function RuleForm({ initial, isNew }: { initial: Draft; isNew: boolean }) {
  const { t, api, can, notify, agencies } = useApp();
  const [d, setD] = useState<Draft>(initial);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [previewOf, setPreviewOf] = useState<Record<string, unknown> | null>(null);
  const readOnly = !can.writeRules;
  const up = (changes: Partial<Draft>) => setD((old) => ({ ...old, ...changes }));
  const toggleIn = (list: string[], value: string, on: boolean) => (on ? [...new Set([...list, value])] : list.filter((x) => x !== value));
  const rule = asRule(d);

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = toBody(d, isNew);
      const saved = isNew
        ? await api.postDraft('/reminder-rules', {}, body)
        : await api.putDraft('/reminder-rules/{id}', { id: d.id }, body);
      notify(t('rules.savedOk', { name: saved.name }));
      navigate('/rules');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const fields = ['id', 'name', 'enabled', 'scope', 'offset', 'repeat', 'recipients', 'level', 'digest', 'sendWindow', 'version'];

  return (
    <div class="page">
      <p class="crumbs">
        <a href={href('/rules')}>← {t('rules.title')}</a>
      </p>
      <div class="page-head">
        <h1>{isNew ? t('rules.new') : readOnly ? d.name : t('rules.editTitle', { name: d.name })}</h1>
      </div>
      <form noValidate class="rule-form card" onSubmit={save} aria-label={t('rules.form')}>
        <p class="rule-sentence" aria-live="polite" data-testid="rule-sentence">
          <strong>{t('rules.explain')}:</strong> {rule ? ruleSentence(rule, t) : t('rules.incomplete')}
        </p>
        <ErrorSummary error={error} fields={fields} />
        <fieldset disabled={readOnly}>
          <div class="form-grid">
            <Field error={error} id="r-name" label={t('rules.name')} field="name">
              {(a) => <input {...a} value={d.name} onInput={onText((v) => up({ name: v }))} required={false} />}
            </Field>
            {isNew && (
              <Field error={error} id="r-id" label={t('rules.id')} field="id" hint={t('rules.idHint')}>
                {(a) => <input {...a} value={d.id} onInput={onText((v) => up({ id: v }))} />}
              </Field>
            )}
            <div class="field field-inline">
              <label>
                <input type="checkbox" checked={d.enabled} onChange={(e) => up({ enabled: e.currentTarget.checked })} />{' '}
                {t('rules.enabled')}
              </label>
            </div>
          </div>

          <fieldset class="group">
            <legend>{t('rules.when')}</legend>
            <div class="form-grid">
              <Field error={error} id="r-direction" label={t('rules.direction')} field="offset">
                {(a) => (
                  <select {...a} value={d.direction} onChange={onText((v) => up({ direction: v as Draft['direction'] }))}>
                    <option value="before">{t('rules.before')}</option>
                    <option value="at">{t('rules.at')}</option>
                    <option value="after">{t('rules.after')}</option>
                  </select>
                )}
              </Field>
              {d.direction !== 'at' && (
                <Field error={error} id="r-amount" label={t('rules.amount')} field="offset.amount">
                  {(a) => <input {...a} type="number" min={1} value={d.amount} onInput={onText((v) => up({ amount: v }))} />}
                </Field>
              )}
              <Field error={error} id="r-unit" label={t('rules.unit')} field="offset.unit">
                {(a) => (
                  <select {...a} value={d.unit} onChange={onText((v) => up({ unit: v as OffsetUnit }))}>
                    {OFFSET_UNITS.map((u) => (
                      <option key={u} value={u}>
                        {t(`unitName.${u}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
            <p class="hint">{t('rules.offsetHint')}</p>
            <div class="field field-inline">
              <label>
                <input type="checkbox" checked={d.repeatOn} onChange={(e) => up({ repeatOn: e.currentTarget.checked })} />{' '}
                {t('rules.repeat')}
              </label>
            </div>
            {d.repeatOn && (
              <div class="form-grid">
                <Field error={error} id="r-every" label={t('rules.every')} field="repeat.every.amount">
                  {(a) => <input {...a} type="number" min={1} value={d.everyAmount} onInput={onText((v) => up({ everyAmount: v }))} />}
                </Field>
                <Field error={error} id="r-everyunit" label={t('rules.unit')} field="repeat.every.unit">
                  {(a) => (
                    <select {...a} value={d.everyUnit} onChange={onText((v) => up({ everyUnit: v as RepeatUnit }))}>
                      {REPEAT_UNITS.map((u) => (
                        <option key={u} value={u}>
                          {t(`unitName.${u}`)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field error={error} id="r-maxtimes" label={t('rules.maxTimes')} field="repeat.maxTimes">
                  {(a) => <input {...a} type="number" min={1} value={d.maxTimes} onInput={onText((v) => up({ maxTimes: v }))} />}
                </Field>
              </div>
            )}
            <div class="field field-inline">
              <label>
                <input type="checkbox" checked={d.windowOn} onChange={(e) => up({ windowOn: e.currentTarget.checked })} />{' '}
                {t('rules.window')}
              </label>
            </div>
            {d.windowOn && (
              <div class="form-grid">
                <Field error={error} id="r-start" label={t('rules.windowStart')} field="sendWindow.start">
                  {(a) => (
                    <input {...a} value={d.start} onInput={onText((v) => up({ start: v }))} placeholder="08:00" inputMode="numeric" />
                  )}
                </Field>
                <Field error={error} id="r-end" label={t('rules.windowEnd')} field="sendWindow.end">
                  {(a) => <input {...a} value={d.end} onInput={onText((v) => up({ end: v }))} placeholder="17:00" inputMode="numeric" />}
                </Field>
                <div class="field field-inline">
                  <label>
                    <input type="checkbox" checked={d.workingDaysOnly} onChange={(e) => up({ workingDaysOnly: e.currentTarget.checked })} />{' '}
                    {t('rules.workingDaysOnly')}
                  </label>
                </div>
              </div>
            )}
          </fieldset>

          <fieldset class="group">
            <legend>{t('rules.recipients')}</legend>
            <div class="checks" role="group" aria-label={t('rules.recipients')}>
              {KEYWORDS.map((k) => (
                <label key={k}>
                  <input
                    type="checkbox"
                    checked={d.keywords.includes(k)}
                    onChange={(e) => up({ keywords: toggleIn(d.keywords, k, e.currentTarget.checked) })}
                  />{' '}
                  {recipientWords(k, t)}
                </label>
              ))}
            </div>
            <Field error={error} id="r-emails" label={t('rules.emails')} field="recipients" hint={t('rules.emailsHint')}>
              {(a) => <textarea {...a} rows={2} value={d.emails} onInput={onText((v) => up({ emails: v }))} />}
            </Field>
            <div class="form-grid">
              <Field error={error} id="r-level" label={t('rules.level')} field="level" hint={t('rules.levelHint')}>
                {(a) => <input {...a} type="number" min={0} max={9} value={d.level} onInput={onText((v) => up({ level: v }))} />}
              </Field>
              <div class="field field-inline">
                <label>
                  <input type="checkbox" checked={d.digest} onChange={(e) => up({ digest: e.currentTarget.checked })} /> {t('rules.digest')}
                </label>
              </div>
            </div>
          </fieldset>

          <fieldset class="group">
            <legend>{t('rules.scope')}</legend>
            <p class="hint">{t('rules.scopeHint')}</p>
            <Field error={error} id="r-sources" label={t('rules.sources')} field="scope.sources" hint={t('rules.sourcesHint')}>
              {(a) => <input {...a} value={d.sources} onInput={onText((v) => up({ sources: v }))} placeholder="71/NQ-CP, 02-KH/BCĐTW" />}
            </Field>
            <div class={`field ${error instanceof ApiError && error.forField('scope.agencies').length ? 'field-invalid' : ''}`}>
              <span class="label" id="r-agencies-label">
                {t('rules.agencies')}
              </span>
              <div class="checks agencies-checks" role="group" aria-labelledby="r-agencies-label">
                {agencies.map((ag) => (
                  <label key={ag.code} title={ag.name}>
                    <input
                      type="checkbox"
                      checked={d.agencies.includes(ag.code)}
                      onChange={(e) => up({ agencies: toggleIn(d.agencies, ag.code, e.currentTarget.checked) })}
                    />{' '}
                    {ag.code}
                  </label>
                ))}
              </div>
            </div>
            <div class="checks" role="group" aria-label={t('rules.priorities')}>
              <span class="label">{t('rules.priorities')}:</span>
              {PRIORITIES.map((p) => (
                <label key={p}>
                  <input
                    type="checkbox"
                    checked={d.priorities.includes(p)}
                    onChange={(e) => up({ priorities: toggleIn(d.priorities, p, e.currentTarget.checked) })}
                  />{' '}
                  {t(`priority.${p}`)}
                </label>
              ))}
            </div>
          </fieldset>
        </fieldset>
        <div class="form-actions">
          {can.simulate && (
            <button type="button" class="secondary" onClick={() => setPreviewOf(previewBody(d))}>
              {t('rules.preview')}
            </button>
          )}
          {!readOnly && (
            <button type="submit" disabled={busy}>
              {t('rules.save')}
            </button>
          )}
        </div>
      </form>
      {previewOf && <Preview title={t('rules.previewDraft')} rules={[previewOf]} onRuleError={setError} />}
    </div>
  );
}

/* ----------------------------------------------------------------- preview */

/**
 * The dry run (POST /reminder-rules/simulate): what the given rules (or the saved ones) would
 * send to the open tasks over the next weeks, as a table and as a calendar. Nothing is sent.
 */
function Preview({
  title,
  rules,
  onRuleError,
}: {
  title: string;
  rules: Record<string, unknown>[] | null;
  onRuleError?: (e: unknown) => void;
}) {
  const { t, lang, api, serverNow } = useApp();
  const today = ymd(serverNow || new Date().toISOString());
  const [from, setFrom] = useState(today);
  const [weeks, setWeeks] = useState(6);
  const [view, setView] = useState<'table' | 'calendar'>('table');
  const to = addDays(from, weeks * 7 - 1);
  const rulesKey = JSON.stringify(rules);
  const result = useLoad(
    async (signal) => {
      const years = [...new Set([from.slice(0, 4), to.slice(0, 4)])];
      try {
        const [sim, ...calendars] = await Promise.all([
          api.postDraft('/reminder-rules/simulate', {}, rules ? { from, to, rules } : { from, to }, signal),
          ...years.map((y) => api.get('/calendar/holidays/{year}', { params: { path: { year: Number(y) } }, signal })),
        ]);
        onRuleError?.(null);
        return {
          notices: [...sim.notices].sort((a, b) => (a.fireAt < b.fireAt ? -1 : a.fireAt > b.fireAt ? 1 : a.taskCode < b.taskCode ? -1 : 1)),
          daysOff: new Set(calendars.flatMap((c) => c.days)),
          workdays: new Set(calendars.flatMap((c) => c.workdays)),
        };
      } catch (e) {
        // The draft's own faults go back to its form, next to their fields.
        if (e instanceof ApiError && e.status === 400 && rules) onRuleError?.(e.withoutPrefix('rules[0].'));
        throw e;
      }
    },
    [rulesKey, from, weeks],
  );

  return (
    <Card title={title} id="preview" class="preview">
      <p class="hint">{t('preview.nothingSent')}</p>
      <div class="filters">
        <div class="field">
          <label for="p-from">{t('preview.from')}</label>
          <input id="p-from" type="date" value={from} onChange={onText((v) => v && setFrom(v))} />
        </div>
        <div class="field">
          <label for="p-weeks">{t('preview.weeks')}</label>
          <select id="p-weeks" value={String(weeks)} onChange={onText((v) => setWeeks(Number(v)))}>
            {[2, 4, 6, 8, 12].map((w) => (
              <option key={w} value={String(w)}>
                {t('preview.weeksN', { n: w })}
              </option>
            ))}
          </select>
        </div>
        <div class="field field-inline" role="group" aria-label={t('preview.view')}>
          <button
            type="button"
            class={view === 'table' ? 'active' : 'secondary'}
            aria-pressed={view === 'table'}
            onClick={() => setView('table')}
          >
            {t('preview.table')}
          </button>
          <button
            type="button"
            class={view === 'calendar' ? 'active' : 'secondary'}
            aria-pressed={view === 'calendar'}
            onClick={() => setView('calendar')}
          >
            {t('preview.calendar')}
          </button>
        </div>
      </div>
      {result.error ? (
        <div class="alert alert-error" role="alert">
          {errorText(result.error, t)}
        </div>
      ) : !result.data ? (
        <Loading />
      ) : (
        <>
          <p role="status" class="preview-count">
            {t('preview.count', { n: result.data.notices.length, from: fmtDate(from, lang), to: fmtDate(to, lang) })}
          </p>
          {view === 'table' ? (
            <PreviewTable notices={result.data.notices} />
          ) : (
            <PreviewCalendar
              notices={result.data.notices}
              from={from}
              to={to}
              daysOff={result.data.daysOff}
              workdays={result.data.workdays}
            />
          )}
        </>
      )}
    </Card>
  );
}

function PreviewTable({ notices }: { notices: SimulatedNotice[] }) {
  const { t, lang } = useApp();
  if (notices.length === 0) return <p class="muted">{t('preview.none')}</p>;
  return (
    <div class="table-wrap">
      <table class="preview-table">
        <thead>
          <tr>
            <th scope="col">{t('notices.fireAt')}</th>
            <th scope="col">{t('tasks.code')}</th>
            <th scope="col">{t('notices.rule')}</th>
            <th scope="col">{t('notices.level')}</th>
            <th scope="col">{t('notices.recipients')}</th>
          </tr>
        </thead>
        <tbody>
          {notices.map((n, i) => (
            <tr key={`${n.taskId}-${n.ruleId}-${n.fireAt}-${i}`}>
              <td>
                {fmtDateTime(n.fireAt, lang)}
                {n.catchUp && <div class="sub">{t('preview.catchUp')}</div>}
              </td>
              <td>
                <a href={taskHref(n.taskCode)}>{n.taskCode}</a>
              </td>
              <td>
                <code>{n.ruleId}</code>
              </td>
              <td>
                <span class={`level level-${Math.min(n.level, 4)}`}>{n.level}</span>
              </td>
              <td>{n.recipients.map((r) => recipientLabel(r, t)).join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PreviewCalendar({
  notices,
  from,
  to,
  daysOff,
  workdays,
}: {
  notices: SimulatedNotice[];
  from: string;
  to: string;
  daysOff: Set<string>;
  workdays: Set<string>;
}) {
  const { t, lang } = useApp();
  const byDay = useMemo(() => {
    const map = new Map<string, SimulatedNotice[]>();
    for (const n of notices) {
      const day = ymd(n.fireAt);
      map.set(day, [...(map.get(day) ?? []), n]);
    }
    return map;
  }, [notices]);
  // Whole weeks, Monday first (Vietnamese calendars start the week on Monday).
  const start = addDays(from, -((weekday(from) + 6) % 7));
  const end = addDays(to, (7 - weekday(to)) % 7);
  const days: string[] = [];
  for (let day = start; day <= end; day = addDays(day, 1)) days.push(day);
  const weekdays = lang === 'vi' ? ['T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'CN'] : ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const weeksOf = Array.from({ length: days.length / 7 }, (_, i) => days.slice(i * 7, i * 7 + 7));
  return (
    <div class="calendar-wrap">
      <table class="calendar" aria-label={t('preview.calendar')}>
        <thead>
          <tr>
            {weekdays.map((w) => (
              <th key={w} scope="col">
                {w}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeksOf.map((week) => (
            <tr key={week[0]}>
              {week.map((day) => {
                const list = byDay.get(day) ?? [];
                const wd = weekday(day);
                const off = daysOff.has(day) || ((wd === 0 || wd === 6) && !workdays.has(day));
                const outside = day < from || day > to;
                const label = `${fmtDate(day, lang)}: ${t('preview.dayCount', { n: list.length })}${off ? ` (${t('preview.dayOff')})` : ''}`;
                return (
                  <td
                    key={day}
                    class={`${off ? 'off' : ''} ${outside ? 'outside' : ''} ${list.length ? 'has' : ''}`}
                    aria-label={label}
                    data-day={day}
                  >
                    <div class="day-num">
                      {day.slice(8) === '01' || day === start
                        ? fmtDate(day, lang)
                            .replace(/\/\d{4}$/, '')
                            .replace(/ \d{4}$/, '')
                        : Number(day.slice(8))}
                    </div>
                    {list.length > 0 && <div class="day-count">{list.length}</div>}
                    <ul class="day-list">
                      {list.slice(0, 3).map((n, i) => (
                        <li
                          key={i}
                          class={`level-${Math.min(n.level, 4)}`}
                          title={`${n.taskCode} · ${n.ruleId} · ${n.fireAt.slice(11, 16)}`}
                        >
                          {n.taskCode}
                        </li>
                      ))}
                      {list.length > 3 && <li class="more">+{list.length - 3}</li>}
                    </ul>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p class="hint legend">
        <span class="swatch off" /> {t('preview.dayOff')} <span class="swatch level-0" /> {t('rules.level')} 0{' '}
        <span class="swatch level-2" /> 2 <span class="swatch level-4" /> 4+
      </p>
    </div>
  );
}
