import { useState } from 'preact/hooks';
import { useApp } from '../../context';
import { offsetWords, recipientWords, repeatWords, windowWords } from '../../format';
import { href } from '../../router';
import type { Rule } from '../../types';
import { ErrorSummary, LoadError, Loading, useLoad } from '../../ui';
import { Preview } from './rule-preview';

/** The rules page's list: every saved rule in words, enabled or not, with the saved rules' dry run. */
export function RuleList() {
  const { t, api, can, notify } = useApp();
  const rules = useLoad((signal) => api.get('/reminder-rules', { signal }), []);
  const [error, setError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  const toggle = async (rule: Rule) => {
    setError(null);
    try {
      const { updatedAt: _u, ...body } = rule;
      await api.put('/reminder-rules/{id}', {
        params: { path: { id: rule.id } },
        body: { ...body, enabled: !rule.enabled, unacknowledgedAfter: body.unacknowledgedAfter ?? null },
      });
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
        <div class="table-wrap" tabIndex={0}>
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
                    {r.unacknowledgedAfter && (
                      <div class="sub">
                        {t('rules.unacknowledged')} {r.unacknowledgedAfter.amount} {t(`unitName.${r.unacknowledgedAfter.unit}`)}
                      </div>
                    )}
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
    scope.risks?.length ? `${t('rules.risks')}: ${scope.risks.map((r) => t(`risk.short.${r}`)).join(', ')}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : t('rules.allTasks');
}
