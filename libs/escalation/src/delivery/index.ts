export {
  DeliveryNotRecordedError,
  NoticeDeliverer,
  primaryRecipient,
  type DeliveryAttempt,
  type DeliveryOutcome,
  type NoticeDelivererDeps,
  type NoticeDelivererOptions,
} from './notice-deliverer';
export { AdminAlerts, coordinatorEmails, type AlertOutcome } from './admin-alert';
export { startMailWorker, type MailWorkerOptions, type MailJobHandlers } from './mail-worker';
export { loadTaskStates, staleItemReason } from './notice-tasks';
export { NoticeClaimedElsewhereError, NoticeClaims } from './notice-claims';
