/**
 * Serves the dashboard (the Vite build in web/dist) on the API's port: hashed assets under
 * /assets with long-lived caching, and index.html for every other GET that is not an API path
 * (the app routes in the browser: /chart/AAPL, /anomalies, …). These routes are public so the
 * login page loads without a session; the data behind it is not. Responses carry a
 * Content-Security-Policy that allows only this origin's scripts, styles and connections (the
 * build has no inline scripts and loads nothing from a CDN).
 *
 * Register it through `ServerDeps.plugins` (after authentication, like every plugin):
 * `plugins: [pluginWithOptions(webAppPlugin, { root: 'web/dist' })]`. When the app is not built,
 * the dashboard paths answer 503 saying how to build it; the API is unaffected.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { ApiError } from '../errors.js';

export interface WebAppPluginOptions {
  /** The built app: a directory with index.html (normally `<repo>/web/dist`). */
  readonly root: string;
}

/** The dashboard's policy: only this origin; `style-src` without 'unsafe-inline' (styles set through the CSSOM are allowed). */
export const WEB_APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; " +
  "worker-src 'self'; base-uri 'none'; object-src 'none'; form-action 'self'; frame-ancestors 'none'";

/** Paths that belong to the server, never to the app: a miss there is a real 404. */
const SERVER_PREFIXES = ['api/', 'docs/', 'health/', 'metrics', 'ws'];

/** Every file under `root`, as URL paths relative to it (`assets/index-abc.js`). */
function listFiles(root: string): Set<string> {
  const files = new Set<string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.add(relative(root, path).split(sep).join('/'));
    }
  };
  walk(root);
  return files;
}

export const webAppPlugin: FastifyPluginAsync<WebAppPluginOptions> = async (app, options) => {
  const root = resolve(options.root);
  const built = existsSync(join(root, 'index.html'));
  // Only files present at start-up are served: nothing else under root can be reached by a crafted path.
  const files = built ? listFiles(root) : new Set<string>();
  if (built) await app.register(fastifyStatic, { root, serve: false });

  const sendIndex = (reply: FastifyReply): FastifyReply =>
    reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });

  app.get('/*', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const path = decodeURIComponent((request.params as { '*': string })['*'] ?? '');
    reply.header('content-security-policy', WEB_APP_CSP);
    if (SERVER_PREFIXES.some((prefix) => path === prefix.replace(/\/$/, '') || path.startsWith(prefix))) {
      throw new ApiError('not_found', `no route GET /${path}: the endpoints are listed at /docs`);
    }
    if (!built) {
      throw new ApiError(
        'unavailable',
        `the dashboard is not built: run \`npm run build:web\` (looked for ${join(root, 'index.html')})`,
      );
    }
    if (files.has(path) && path !== 'index.html') {
      // Vite puts a content hash in every asset name: they never change, so cache them for good.
      const immutable = path.startsWith('assets/');
      return reply
        .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
        .sendFile(path, { cacheControl: false });
    }
    if (path.startsWith('assets/')) throw new ApiError('not_found', `no asset /${path}: rebuild the dashboard`);
    return sendIndex(reply);
  });
};
