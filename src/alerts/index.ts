/** Alerts: policy (what is an alert), routing, channels, and the outbox that delivers them. */
export type { Alert, AlertAnomaly } from './alert.js';
export { Alerting, type AlertingOptions, type AlertingStats } from './alerting.js';
export {
  alertsConfigSchema,
  alertChannelSchema,
  alertRouteSchema,
  type AlertsConfig,
  type AlertChannelConfig,
  type AlertRouteConfig,
} from './config.js';
export {
  AlertSettings,
  AlertSettingsError,
  type ChannelView,
  type RouteView,
  type SettingsSource,
} from './settings/alert-settings.js';
export { MASK, maskChannel } from './settings/mask.js';
export { AlertPolicy, type AlertPolicyOptions, type AlertPolicyState } from './policy.js';
export { AlertRouter, type AlertRoute } from './routing.js';
export { DeliveryError, type AlertChannel, type ChannelType, type DeliveryContext } from './channels/channel.js';
export { createChannel } from './channels/create-channel.js';
export { webhookSignature, type WebhookBody } from './channels/webhook-channel.js';
export {
  AlertOutbox,
  OUTBOX_STATUSES,
  type OutboxEntry,
  type OutboxQuery,
  type OutboxStatus,
  type ChannelSummary,
} from './outbox/outbox.js';
export { OutboxDispatcher, backoffMs, type DeliveryObserver, type RetryPolicy } from './outbox/dispatcher.js';
