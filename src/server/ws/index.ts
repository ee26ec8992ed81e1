/** The WebSocket API: the event hub the run loop publishes into, and the Fastify plugin serving it. */
export { CHANNELS, DEFAULT_CHANNELS, CHANNEL_OF_EVENT, isChannel, type Channel } from './channels.js';
export { EventHub, type EventHubOptions, type HubStats, type DisconnectReason } from './event-hub.js';
export { DEFAULT_CLIENT_LIMITS, type ClientLimits } from './hub-client.js';
export type { SnapshotProvider } from './client-session.js';
export { snapshotsFromLatestCache } from './latest-snapshot.js';
export { websocketPlugin, type WebsocketPluginOptions } from './websocket-plugin.js';
