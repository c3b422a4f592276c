export * from './notice-state';
export { NotificationProjection, NOTIFICATIONS_TABLE } from './notification-projection';
export {
  listNotifications,
  pendingNoticeIds,
  taskLetters,
  type TaskLetterView,
  type NotificationFilter,
  type NotificationPage,
  type NotificationView,
} from './notification-queries';
