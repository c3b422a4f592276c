import { CODE_MESSAGES, ERROR_MESSAGES, Entry, FIELD_MESSAGES } from './error-messages';
import { Language } from './language';

export interface ErrorBody {
  code: string;
  message: string;
  details: { field: string; message: string }[];
}

/**
 * An error as the caller reads it: messages in `language`, `code` and every `field` unchanged
 * (programs key on them). English is the language messages are written in.
 */
export function localizeError(error: ErrorBody, language: Language): ErrorBody {
  if (language === 'en') return error;
  const details = error.details.map((d) => ({ field: d.field, message: render(FIELD_MESSAGES, d.message) ?? d.message }));
  return { code: error.code, message: errorMessage(error, details), details };
}

function errorMessage(error: ErrorBody, details: ErrorBody['details']): string {
  const general = CODE_MESSAGES[error.code] ?? CODE_MESSAGES.bad_request;
  // A 400's message lists the fields at fault: the fields stay, the words are translated.
  if (error.code === 'validation_failed' && details.length) {
    return details.length === 1
      ? `${general}: ${details[0].field} ${details[0].message}`
      : `${general}: ${details.map((d) => d.field).join(', ')}`;
  }
  return render(ERROR_MESSAGES, error.message) ?? general;
}

function render(entries: readonly Entry[], message: string): string | null {
  for (const [english, vietnamese] of entries) {
    const match = english.exec(message);
    if (!match) continue;
    return typeof vietnamese === 'string' ? message.replace(english, vietnamese) : vietnamese(...match.slice(1));
  }
  return null;
}
