import type { AppConfig } from './app-config';

/** The letters' signature block and Reply-To from MAIL_OFFICE_* / MAIL_REPLY_TO, when the name is set. */
export function issuingOffice(config: AppConfig) {
  const replyTo = config.MAIL_REPLY_TO ? { replyTo: config.MAIL_REPLY_TO } : {};
  if (!config.MAIL_OFFICE_NAME) return Object.keys(replyTo).length ? { name: '', ...replyTo } : undefined;
  return {
    name: config.MAIL_OFFICE_NAME,
    ...(config.MAIL_OFFICE_SIGNER ? { signer: config.MAIL_OFFICE_SIGNER } : {}),
    ...(config.MAIL_OFFICE_CONTACT ? { contact: config.MAIL_OFFICE_CONTACT } : {}),
    ...replyTo,
  };
}
