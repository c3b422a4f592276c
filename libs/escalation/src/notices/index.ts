export * from './notice-state';
export { NotificationProjection, NOTIFICATIONS_TABLE } from './notification-projection';
export {
  listNotifications,
  pendingNoticeIds,
  type NotificationFilter,
  type NotificationPage,
  type NotificationView,
} from './notification-queries';
