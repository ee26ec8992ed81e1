/**
 * A local HTTP server on 127.0.0.1 (random port) for REST client tests. Routes are plain
 * functions; every request is recorded (method, URL, headers) so tests can assert what the
 * shipped client sent (auth re-attached on cursors, Retry-After honoured, …).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly at: number;
}

export type Route = (request: IncomingMessage, response: ServerResponse, url: URL) => void;

export class LocalHttpServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: { prefix: string; route: Route }[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<LocalHttpServer> {
    const server = createServer();
    const local = new LocalHttpServer(server);
    server.on('request', (request, response) => local.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return local;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Routes match by path prefix; the last added wins. */
  route(prefix: string, route: Route): this {
    this.routes.unshift({ prefix, route });
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', this.url);
    this.requests.push({
      method: request.method ?? 'GET',
      url: request.url ?? '/',
      headers: request.headers,
      at: Date.now(),
    });
    const match = this.routes.find((r) => url.pathname.startsWith(r.prefix));
    if (match === undefined) {
      json(response, 404, { message: 'not found' });
      return;
    }
    match.route(request, response, url);
  }
}

export function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** A route that answers 429 with `retryAfter` the first `times` requests, then delegates. */
export function rateLimitedFirst(times: number, retryAfter: string, then: Route): Route {
  let remaining = times;
  return (request, response, url) => {
    if (remaining > 0) {
      remaining--;
      json(response, 429, { status: 'ERROR', error: 'too many requests' }, { 'retry-after': retryAfter });
      return;
    }
    then(request, response, url);
  };
}
