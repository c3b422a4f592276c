import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../context';
import { fmtDate, fmtDateTime, roleWords } from '../format';
import { isKey } from '../i18n';
import { navigate, taskHref, type Route } from '../router';
import type { TaskDetail, VerifyResult } from '../types';
import { Card, ErrorSummary, Field, LoadError, Loading, StatusBadge, onText, useLoad, DayInput } from '../ui';
import { EventSummary } from './event-summary';

const FEED_PAGE = 50;

export function AuditPage({ route }: { route: Route }) {
  const { t } = useApp();
  return (
    <div class="page">
      <div class="page-head">
        <h1>{t('audit.title')}</h1>
      </div>
      <div class="grid-2">
        <Verify />
        <Replay route={route} />
      </div>
      <Feed route={route} />
    </div>
  );
}

function Verify() {
  const { t, lang, api } = useApp();
  const result = useLoad((signal) => api.get('/audit/verify', { signal }).then((r) => ({ ...r, at: new Date() })), []);
  const r = result.data;
  return (
    <Card
      title={t('audit.verify')}
      id="verify"
      actions={
        <button type="button" class="small secondary" onClick={result.reload} disabled={result.loading}>
          {t('audit.verifyAgain')}
        </button>
      }
    >
      <p class="hint">{t('audit.verifyHint')}</p>
      {result.error && <LoadError error={result.error} />}
      {!r && !result.error && <Loading />}
      {r && (
        <div class={`verify ${r.ok ? 'verify-ok' : 'verify-bad'}`} role="status" data-verify={r.ok ? 'ok' : 'failed'}>
          <div class="verify-mark" aria-hidden="true">
            {r.ok ? '✓' : '✗'}
          </div>
          <div>
            <strong>{r.ok ? t('audit.intact') : t('audit.broken')}</strong>
            <div>{t('audit.checked', { streams: r.streams, events: r.events })}</div>
            <div class="muted">{r.at.toLocaleTimeString(lang === 'vi' ? 'vi-VN' : 'en-GB')}</div>
          </div>
        </div>
      )}
      {r && r.failures.length > 0 && (
        <ul class="failures">
          {r.failures.map((f, i) => (
            <li key={i}>
              <code>{JSON.stringify(f)}</code>
            </li>
          ))}
        </ul>
      )}
      {r &&
        r.anchors.map((a) => (
          <div key={a.createdAt} data-anchor={a.ok ? 'holds' : 'broken'}>
            <strong>
              {t(a.ok ? 'audit.anchorHolds' : 'audit.anchorBroken', { date: fmtDateTime(a.createdAt, lang), position: a.position })}
            </strong>
            {a.failures.length > 0 && (
              <ul class="failures">
                {a.failures.map((f, i) => (
                  <li key={i}>
                    <code>{f.streamId}</code> v{f.version}: {f.reason}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))}
      {r && <p class="hint">{notCovered(r, t)}</p>}
      <AnchorNow onDone={result.reload} />
    </Card>
  );
}

/** What the answer cannot prove, in the reader's language (the API's `notCovered` is English). */
function notCovered(r: VerifyResult, t: ReturnType<typeof useApp>['t']): string {
  if (r.anchors.length === 0) return t('audit.noAnchors');
  const held = r.anchors.filter((a) => a.ok).map((a) => a.position);
  return held.length ? t('audit.afterAnchor', { position: Math.max(...held) }) : t('audit.noAnchorHolds');
}

/** Signs the history's state now (the key stays outside the database); the verdicts above then include it. */
function AnchorNow({ onDone }: { onDone: () => void }) {
  const { t, api } = useApp();
  const [message, setMessage] = useState('');
  const [error, setError] = useState<unknown>(null);
  const anchor = async () => {
    setError(null);
    try {
      const a = await api.post('/audit/anchors');
      setMessage(t('audit.anchored', { events: a.events, streams: a.streams, root: a.root.slice(0, 16) }));
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div>
      <button type="button" class="small" onClick={() => void anchor()}>
        {t('audit.anchorNow')}
      </button>
      {message && <p role="status">{message}</p>}
      {error !== null && <LoadError error={error} />}
    </div>
  );
}

const COMPARED: [string, (x: TaskDetail, lang: 'vi' | 'en') => string][] = [
  ['tasks.status', (x) => x.status],
  ['tasks.agency', (x) => x.leadAgency],
  ['task.due', (x, lang) => `${fmtDate(x.deadline.due, lang)} (${x.deadline.expression})`],
  ['task.extensions', (x) => String(x.deadline.extensions)],
  ['tasks.progress', (x) => (x.progress ? `${x.progress.percent}%` : '—')],
  ['task.completedAt', (x, lang) => fmtDateTime(x.completedAt, lang)],
  ['task.openBlockers', (x) => String(x.openBlockers)],
  ['task.version', (x) => String(x.version)],
];

/** A task as it was on a past date (business time), optionally as the system knew it then (record time), beside today's. */
function Replay({ route }: { route: Route }) {
  const { t, lang, api } = useApp();
  const [code, setCode] = useState(route.query.get('task') ?? '');
  const [asOf, setAsOf] = useState(route.query.get('asOf') ?? '');
  const [knownAt, setKnownAt] = useState(route.query.get('knownAt') ?? '');
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<{ then: TaskDetail; now: TaskDetail; asOf: string; knownAt: string } | null>(null);
  useEffect(() => {
    if (code.trim()) void replay();
    // runs once on mount: the replay of a code given in the address
  }, []);
  const run = async (e: Event) => {
    e.preventDefault();
    await replay();
  };
  const replay = async () => {
    if (!code.trim()) return;
    setError(null);
    setResult(null);
    try {
      const [then, now] = await Promise.all([
        api.get('/tasks/{id}', { params: { path: { id: code.trim() }, query: { asOf, knownAt } } }),
        api.get('/tasks/{id}', { params: { path: { id: code.trim() } } }),
      ]);
      setResult({ then, now, asOf, knownAt });
      navigate('/audit', { ...Object.fromEntries(route.query), task: code.trim(), asOf, knownAt }, true);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Card title={t('audit.replay')} id="replay">
      <p class="hint">{t('audit.replayHint')}</p>
      <form noValidate onSubmit={run} class="form-grid" aria-label={t('audit.replay')}>
        <Field id="rp-code" label={t('tasks.code')} error={error}>
          {(a) => <input {...a} value={code} onInput={onText(setCode)} placeholder="NQ71-012" required />}
        </Field>
        <Field id="rp-asof" label={t('overview.asOf')} field="asOf" error={error}>
          {(a) => <DayInput {...a} value={asOf} onChange={setAsOf} required />}
        </Field>
        <Field id="rp-knownat" label={t('overview.knownAt')} field="knownAt" error={error}>
          {(a) => <DayInput {...a} value={knownAt} onChange={setKnownAt} />}
        </Field>
        <div class="field field-inline">
          <button type="submit" disabled={!code.trim()}>
            {t('audit.replayButton')}
          </button>
        </div>
      </form>
      <ErrorSummary error={error} fields={['asOf', 'knownAt']} />
      {result && (
        <div class="table-wrap" tabIndex={0}>
          <table class="replay-table">
            <thead>
              <tr>
                <th scope="col">{result.then.code}</th>
                <th scope="col">
                  {t('audit.then', { date: fmtDate(result.asOf, lang) })}
                  {result.knownAt && <div class="sub">{t('audit.knownOn', { date: fmtDate(result.knownAt, lang) })}</div>}
                </th>
                <th scope="col">{t('audit.now')}</th>
              </tr>
            </thead>
            <tbody>
              {COMPARED.map(([key, get]) => {
                const a = get(result.then, lang);
                const b = get(result.now, lang);
                return (
                  <tr key={key} class={a !== b ? 'changed' : ''}>
                    <th scope="row">{isKey(key) ? t(key) : key}</th>
                    <td>{key === 'tasks.status' ? <StatusBadge status={a} /> : a}</td>
                    <td>{key === 'tasks.status' ? <StatusBadge status={b} /> : b}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p>
            <a href={taskHref(result.then.code, { asOf: result.asOf, knownAt: result.knownAt })}>{t('audit.openReplay')}</a>
          </p>
        </div>
      )}
    </Card>
  );
}

function Feed({ route }: { route: Route }) {
  const { t, lang, api } = useApp();
  const from = Number(route.query.get('from')) || 1;
  const [fromInput, setFromInput] = useState(String(from));
  const feed = useLoad((signal) => api.get('/events', { params: { query: { fromPosition: from, limit: FEED_PAGE } }, signal }), [from]);
  const go = (position: number) => {
    setFromInput(String(position));
    navigate('/audit', { ...Object.fromEntries(route.query), from: String(position) }, true);
  };
  // The feed reads forward from a position; the newest page is found by a search over positions (a few small reads).
  const latest = async () => {
    const exists = async (position: number) =>
      (await api.get('/events', { params: { query: { fromPosition: position, limit: 1 } } })).events.length > 0;
    let low = 1;
    let high = 2;
    while (await exists(high)) {
      low = high;
      high *= 2;
    }
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (await exists(mid)) low = mid;
      else high = mid;
    }
    go(Math.max(1, low - FEED_PAGE + 1));
  };
  const events = feed.data?.events ?? [];
  return (
    <Card title={t('audit.feed')} id="feed">
      <form
        noValidate
        class="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          go(Math.max(1, Number(fromInput) || 1));
        }}
      >
        <div class="field">
          <label for="feed-from">{t('audit.fromPosition')}</label>
          <input id="feed-from" type="number" min={1} value={fromInput} onInput={onText(setFromInput)} />
        </div>
        <div class="field-inline">
          <button type="submit">{t('common.apply')}</button>
          <button type="button" class="secondary" disabled={from <= 1} onClick={() => go(Math.max(1, from - FEED_PAGE))}>
            ← {t('audit.previous')}
          </button>
          <button
            type="button"
            class="secondary"
            disabled={events.length < FEED_PAGE}
            onClick={() => go((events.at(-1)?.position ?? from) + 1)}
          >
            {t('audit.next')} →
          </button>
          <button type="button" class="secondary" onClick={latest}>
            {t('audit.latest')} ⇥
          </button>
        </div>
      </form>
      {feed.error && <LoadError error={feed.error} />}
      {!feed.data && !feed.error && <Loading />}
      {feed.data && (
        <div class="table-wrap" tabIndex={0}>
          <table class="feed-table">
            <thead>
              <tr>
                <th scope="col" class="num">
                  #
                </th>
                <th scope="col">{t('audit.event')}</th>
                <th scope="col">{t('audit.stream')}</th>
                <th scope="col">{t('timeline.business')}</th>
                <th scope="col">{t('timeline.recorded')}</th>
                <th scope="col">{t('timeline.actor')}</th>
              </tr>
            </thead>
            <tbody>
              {events.length === 0 && (
                <tr>
                  <td colSpan={6} class="muted">
                    {t('audit.noEvents')}
                  </td>
                </tr>
              )}
              {events.map((e) => {
                const key = `event.${e.type}`;
                return (
                  <tr key={e.position} data-position={e.position}>
                    <td class="num">{e.position}</td>
                    <td>
                      <strong>{isKey(key) ? t(key) : e.type}</strong>
                      <EventSummary event={e} />
                    </td>
                    <td class="mono stream">
                      {e.streamId}
                      <span class="muted"> v{e.version}</span>
                    </td>
                    <td>{fmtDateTime(e.occurredAt, lang)}</td>
                    <td class={e.occurredAt.slice(0, 16) !== e.recordedAt.slice(0, 16) ? 'recorded-late' : ''}>
                      {fmtDateTime(e.recordedAt, lang)}
                    </td>
                    <td>
                      {e.actor ? `${e.actor.name} (${roleWords(e.actor.role, t)}${e.actor.agency ? ` ${e.actor.agency}` : ''})` : '—'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
