import { useState } from 'preact/hooks';
import { useApp } from '../../context';
import { fmtDate } from '../../format';
import { href, navigate } from '../../router';
import { DayInput } from '../../ui';
/** Replays the task to a business date (asOf) and a record date (knownAt), and says so while it does. */
export function ReplayBar({ code, asOf, knownAt }: { code: string; asOf: string; knownAt: string }) {
  const { t, lang } = useApp();
  const replay = Boolean(asOf || knownAt);
  const [asOfInput, setAsOf] = useState(asOf);
  const [knownAtInput, setKnownAt] = useState(knownAt);
  return (
    <>
      <form
        noValidate
        class="filters replay-bar"
        aria-label={t('task.replay')}
        onSubmit={(e) => {
          e.preventDefault();
          navigate(`/tasks/${encodeURIComponent(code)}`, { asOf: asOfInput, knownAt: knownAtInput });
        }}
      >
        <div class="field">
          <label for="t-asof">{t('overview.asOf')}</label>
          <DayInput id="t-asof" value={asOfInput} onChange={setAsOf} />
        </div>
        <div class="field">
          <label for="t-knownat">{t('overview.knownAt')}</label>
          <DayInput id="t-knownat" value={knownAtInput} onChange={setKnownAt} />
        </div>
        <div class="field field-inline">
          <button type="submit">{t('task.replayButton')}</button>
          {replay && (
            <a class="btn-link" href={href(`/tasks/${encodeURIComponent(code)}`)}>
              {t('task.backToNow')}
            </a>
          )}
        </div>
      </form>
      {replay && (
        <div class="alert alert-info" role="status">
          {t('task.replaying', {
            asOf: asOf ? fmtDate(asOf, lang) : t('common.now'),
            knownAt: knownAt ? fmtDate(knownAt, lang) : t('common.now'),
          })}
        </div>
      )}
    </>
  );
}
