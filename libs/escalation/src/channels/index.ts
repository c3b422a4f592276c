export type { ChannelNotice, ChannelReceipt, DeliveryChannel } from './channel';
export { EmailChannel } from './email/email-channel';
export { WebhookChannel, WebhookRejectedError, type WebhookChannelOptions, type WebhookTarget } from './webhook/webhook-channel';
export { WebhookRoutes, type WebhookRoute } from './webhook/webhook-routes';
export { SIGNATURE_HEADER, signWebhook, verifyWebhook } from './webhook/webhook-signature';
