export * from './notice-mail.types';
export { renderNoticeMail, DEFAULT_NOTICE_TIME_ZONE } from './render-notice-mail';
export { loadNoticeTemplates, defaultTemplatesDir } from './notice-templates';
export { messageIdFor, mailDomainFrom, DEFAULT_MAIL_DOMAIN } from './message-id';
export {
  createMailTransport,
  redactUrl,
  outboxFileName,
  type MailTransport,
  type MailTransportOptions,
  type MailSendResult,
  type OutgoingMail,
} from './mail-transport';
export { PermanentMailError, TemporaryMailError, classifyMailError, type MailErrorKind } from './mail-errors';
export { hasControlChars, toSingleLine } from './mail-safety';
export { renderAnchorMail, type AnchorMailOptions } from './anchor-mail';
export { renderReportMail, type ReportLetterEdition } from './render-report-mail';
export { renderWorkflowMail, type WorkflowLetter } from './render-workflow-mail';
