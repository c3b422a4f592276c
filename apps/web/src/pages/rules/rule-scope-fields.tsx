import { ApiError } from '../../api';
import { useApp } from '../../context';
import { Field, onText } from '../../ui';
import { DraftFieldsProps, PRIORITIES, RISKS, toggleIn } from './rule-draft';

/** Which tasks a rule applies to: by source document, lead agency, priority and risk level (empty: all). */
export function RuleScopeFields({ d, up, error }: DraftFieldsProps) {
  const { t, agencies } = useApp();
  return (
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
      <div class="checks" role="group" aria-label={t('rules.risks')}>
        <span class="label">{t('rules.risks')}:</span>
        {RISKS.map((r) => (
          <label key={r}>
            <input
              type="checkbox"
              checked={d.risks.includes(r)}
              onChange={(e) => up({ risks: toggleIn(d.risks, r, e.currentTarget.checked) })}
            />{' '}
            {t(`risk.short.${r}`)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
