import { useApp } from '../../context';
import { recipientWords } from '../../format';
import { Field, onText, useLoad } from '../../ui';
import { DraftFieldsProps, KEYWORDS, toggleIn } from './rule-draft';

/** Who a rule writes to, at which escalation level, and whether notices are gathered in a digest. */
export function RuleRecipientFields({ d, up, error }: DraftFieldsProps) {
  const { t, api } = useApp();
  const targets = useLoad((signal) => api.get('/settings/webhook-targets', { signal }), []);
  const named = targets.data?.targets ?? [];
  return (
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
      {named.length > 0 && (
        <div class="checks" role="group" aria-label={t('rules.webhooks')} aria-describedby="r-webhooks-hint">
          <strong>{t('rules.webhooks')}:</strong>
          {named.map((w) => (
            <label key={w.name} title={w.url}>
              <input
                type="checkbox"
                checked={d.webhooks.includes(w.name)}
                onChange={(e) => up({ webhooks: toggleIn(d.webhooks, w.name, e.currentTarget.checked) })}
              />{' '}
              {w.name}
            </label>
          ))}
          <small class="hint" id="r-webhooks-hint">
            {t('rules.webhooksHint')}
          </small>
        </div>
      )}
    </fieldset>
  );
}
