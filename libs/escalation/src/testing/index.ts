export { startSmtpTestServer } from './smtp-test-server';
export type { SmtpTestServer, SmtpTestServerOptions, SmtpRejectStage, ReceivedMail } from './smtp-test-server';
export { aNoticeMail, aNoticeTask, endOfDayVn } from './notice-fixtures';
