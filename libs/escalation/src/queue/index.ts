export * from './notice-queue';
export { requeuePendingNotices } from './requeue-pending';
