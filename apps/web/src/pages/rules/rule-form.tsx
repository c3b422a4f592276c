import { useState } from 'preact/hooks';
import { useApp } from '../../context';
import { ruleSentence } from '../../format';
import { href, navigate } from '../../router';
import { ErrorSummary, Field, LoadError, Loading, onText, useLoad } from '../../ui';
import { Draft, asRule, emptyDraft, fromRule, previewBody, toBody } from './rule-draft';
import { Preview } from './rule-preview';
import { RuleScopeFields } from './rule-scope-fields';
import { RuleRecipientFields } from './rule-recipient-fields';
import { RuleTimingFields } from './rule-timing-fields';

/** A rule's page: the saved rule loaded (or an empty draft for a new one) into its form. */
export function RuleEditor({ ruleId }: { ruleId: string | null }) {
  const { api } = useApp();
  const existing = useLoad(
    (signal) => (ruleId ? api.get('/reminder-rules/{id}', { params: { path: { id: ruleId } }, signal }) : Promise.resolve(null)),
    [ruleId],
  );
  if (ruleId && existing.error) return <LoadError error={existing.error} />;
  if (ruleId && !existing.data) return <Loading />;
  return <RuleForm key={ruleId ?? 'new'} initial={existing.data ? fromRule(existing.data) : emptyDraft()} isNew={!ruleId} />;
}

/** The form: the rule in one sentence as it is typed, its parts, the API's messages by field, save and dry run. */
function RuleForm({ initial, isNew }: { initial: Draft; isNew: boolean }) {
  const { t, api, can, notify } = useApp();
  const [d, setD] = useState<Draft>(initial);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [previewOf, setPreviewOf] = useState<Record<string, unknown> | null>(null);
  const readOnly = !can.writeRules;
  const up = (changes: Partial<Draft>) => setD((old) => ({ ...old, ...changes }));
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

          <RuleTimingFields d={d} up={up} error={error} />

          <RuleRecipientFields d={d} up={up} error={error} />

          <RuleScopeFields d={d} up={up} error={error} />
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
