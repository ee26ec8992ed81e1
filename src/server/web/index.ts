/** The dashboard as a Fastify plugin (the built web app under the API's port). */
export { WEB_APP_CSP, webAppPlugin, type WebAppPluginOptions } from './web-app-plugin.js';
