import { useApp } from '../../context';
import type { OffsetUnit, RepeatUnit } from '../../types';
import { Field, onText } from '../../ui';
import { Draft, DraftFieldsProps, OFFSET_UNITS, REPEAT_UNITS } from './rule-draft';

/** When a rule fires: before, at or after the deadline; repeats; the hours it may send in. */
export function RuleTimingFields({ d, up, error }: DraftFieldsProps) {
  const { t } = useApp();
  return (
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
          <input type="checkbox" checked={d.repeatOn} onChange={(e) => up({ repeatOn: e.currentTarget.checked })} /> {t('rules.repeat')}
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
          <input type="checkbox" checked={d.windowOn} onChange={(e) => up({ windowOn: e.currentTarget.checked })} /> {t('rules.window')}
        </label>
      </div>
      {d.windowOn && (
        <div class="form-grid">
          <Field error={error} id="r-start" label={t('rules.windowStart')} field="sendWindow.start">
            {(a) => <input {...a} value={d.start} onInput={onText((v) => up({ start: v }))} placeholder="08:00" inputMode="numeric" />}
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
      <div class="field field-inline">
        <label>
          <input type="checkbox" checked={d.unackOn} onChange={(e) => up({ unackOn: e.currentTarget.checked })} />{' '}
          {t('rules.unacknowledged')}
        </label>
      </div>
      {d.unackOn && (
        <div class="form-grid">
          <Field error={error} id="r-unack-amount" label={t('rules.amount')} field="unacknowledgedAfter.amount">
            {(a) => <input {...a} type="number" min={1} value={d.unackAmount} onInput={onText((v) => up({ unackAmount: v }))} />}
          </Field>
          <Field error={error} id="r-unack-unit" label={t('rules.unit')} field="unacknowledgedAfter.unit">
            {(a) => (
              <select {...a} value={d.unackUnit} onChange={onText((v) => up({ unackUnit: v as OffsetUnit }))}>
                {OFFSET_UNITS.map((u) => (
                  <option key={u} value={u}>
                    {t(`unitName.${u}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      )}
      {d.unackOn && <p class="hint">{t('rules.unacknowledgedHint')}</p>}
    </fieldset>
  );
}
