import { useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { useApp } from '../../context';
import { taskHref } from '../../router';
import { ErrorSummary, Field, onText, DayInput } from '../../ui';

interface Row {
  code: string;
  title: string;
  leadAgency: string;
  deadline: string;
  assigneeName: string;
  assigneeEmail: string;
}

const EMPTY_ROW: Row = { code: '', title: '', leadAgency: '', deadline: '', assigneeName: '', assigneeEmail: '' };
const SOURCE_KINDS = ['resolution', 'decision', 'directive', 'conclusion', 'official_letter', 'other'] as const;

type Outcome = { ok: true; id: string; code: string } | { ok: false; error: unknown };

/**
 * "Giao nhiệm vụ": a coordinator assigns the tasks of one directive (a Resolution, a Decision, a
 * conclusion notice…): the source document once, then one row per task, each checked by the
 * engine and sent with its own Idempotency-Key (a retry never assigns twice). Each row shows
 * its outcome: the new task, or the fields at fault next to it.
 */
export function AssignPage() {
  const { t, api, agencies, notify } = useApp();
  const [kind, setKind] = useState<string>('resolution');
  const [ref, setRef] = useState('');
  const [issuedOn, setIssuedOn] = useState('');
  const [priority, setPriority] = useState('normal');
  const [rows, setRows] = useState<Row[]>([{ ...EMPTY_ROW }]);
  const [outcomes, setOutcomes] = useState<Record<number, Outcome>>({});
  const [busy, setBusy] = useState(false);

  const setRow = (i: number, patch: Partial<Row>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const next: Record<number, Outcome> = { ...outcomes };
    for (const [i, r] of rows.entries()) {
      if (next[i]?.ok) continue; // assigned already: a second click sends only the rows still at fault
      try {
        const body = {
          code: r.code,
          title: r.title,
          leadAgency: r.leadAgency,
          deadline: r.deadline,
          priority,
          source: ref ? { kind, ref, ...(issuedOn ? { issuedOn } : {}) } : undefined,
          assignee: r.assigneeName || r.assigneeEmail ? { name: r.assigneeName, email: r.assigneeEmail || undefined } : undefined,
        };
        const created = await api.postDraft('/tasks', {}, body);
        next[i] = { ok: true, id: created.id, code: created.code };
      } catch (error) {
        next[i] = { ok: false, error };
      }
      setOutcomes({ ...next });
    }
    setBusy(false);
    const done = Object.values(next).filter((o) => o.ok).length;
    notify(t('assign.done', { done, total: rows.length }), done === rows.length ? 'ok' : 'error');
  };

  const sourceError = Object.values(outcomes).find((o) => !o.ok && o.error instanceof ApiError && o.error.forField('source').length > 0);
  return (
    <div class="page">
      <div class="page-head">
        <h1>{t('assign.title')}</h1>
      </div>
      <p class="muted">{t('assign.intro')}</p>
      <form noValidate class="assign-form" onSubmit={submit} aria-label={t('assign.title')}>
        <fieldset class="card form-grid">
          <legend>{t('assign.source')}</legend>
          <Field id="src-kind" label={t('assign.sourceKind')}>
            {(a) => (
              <select {...a} value={kind} onChange={onText(setKind)}>
                {SOURCE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`assign.kind.${k}` as 'assign.kind.resolution')}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            id="src-ref"
            label={t('assign.sourceRef')}
            field="source"
            error={sourceError && !sourceError.ok ? sourceError.error : null}
            hint="71/NQ-CP"
          >
            {(a) => <input {...a} value={ref} onInput={(e) => setRef(e.currentTarget.value)} />}
          </Field>
          <Field id="src-date" label={t('assign.issuedOn')}>
            {(a) => <DayInput {...a} value={issuedOn} onChange={setIssuedOn} />}
          </Field>
          <Field id="priority" label={t('assign.priority')}>
            {(a) => (
              <select {...a} value={priority} onChange={onText(setPriority)}>
                <option value="normal">{t('assign.priority.normal')}</option>
                <option value="high">{t('assign.priority.high')}</option>
              </select>
            )}
          </Field>
        </fieldset>
        {rows.map((r, i) => {
          const outcome = outcomes[i];
          const error = outcome && !outcome.ok ? outcome.error : null;
          return (
            <fieldset key={i} class={`card form-grid assign-row ${outcome?.ok ? 'assigned' : ''}`} data-row={i}>
              <legend>{t('assign.row', { n: i + 1 })}</legend>
              {outcome?.ok ? (
                <p role="status">
                  ✓ {t('assign.assigned')} <a href={taskHref(outcome.code)}>{outcome.code}</a> — {r.title}
                </p>
              ) : (
                <>
                  <ErrorSummary error={error} fields={['code', 'title', 'leadAgency', 'deadline', 'assignee', 'source', 'priority']} />
                  <Field id={`r${i}-code`} label={t('assign.code')} field="code" error={error} hint="NQ71-012">
                    {(a) => <input {...a} value={r.code} onInput={(e) => setRow(i, { code: e.currentTarget.value })} />}
                  </Field>
                  <Field id={`r${i}-title`} label={t('assign.taskTitle')} field="title" error={error} class="field-wide">
                    {(a) => <textarea {...a} rows={2} value={r.title} onInput={(e) => setRow(i, { title: e.currentTarget.value })} />}
                  </Field>
                  <Field id={`r${i}-lead`} label={t('assign.lead')} field="leadAgency" error={error}>
                    {(a) => (
                      <select {...a} value={r.leadAgency} onChange={(e) => setRow(i, { leadAgency: e.currentTarget.value })}>
                        <option value="">—</option>
                        {agencies.map((ag) => (
                          <option key={ag.code} value={ag.code}>
                            {ag.name}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  <Field id={`r${i}-deadline`} label={t('assign.deadline')} field="deadline" error={error} hint={t('assign.deadlineHint')}>
                    {(a) => <input {...a} value={r.deadline} onInput={(e) => setRow(i, { deadline: e.currentTarget.value })} />}
                  </Field>
                  <Field id={`r${i}-aname`} label={t('assign.assigneeName')} field="assignee.name" error={error}>
                    {(a) => <input {...a} value={r.assigneeName} onInput={(e) => setRow(i, { assigneeName: e.currentTarget.value })} />}
                  </Field>
                  <Field id={`r${i}-aemail`} label={t('assign.assigneeEmail')} field="assignee.email" error={error}>
                    {(a) => (
                      <input
                        {...a}
                        type="email"
                        value={r.assigneeEmail}
                        onInput={(e) => setRow(i, { assigneeEmail: e.currentTarget.value })}
                      />
                    )}
                  </Field>
                  {rows.length > 1 && (
                    <button
                      type="button"
                      class="secondary small"
                      onClick={() => (setRows(rows.filter((_, j) => j !== i)), setOutcomes({}))}
                    >
                      {t('assign.removeRow')}
                    </button>
                  )}
                </>
              )}
            </fieldset>
          );
        })}
        <div class="actions">
          <button
            type="button"
            class="secondary"
            onClick={() => setRows([...rows, { ...EMPTY_ROW, leadAgency: rows[rows.length - 1]?.leadAgency ?? '' }])}
          >
            {t('assign.addRow')}
          </button>{' '}
          <button type="submit" disabled={busy}>
            {rows.length > 1 ? t('assign.submitMany', { n: rows.length }) : t('assign.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}
