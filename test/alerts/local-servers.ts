/**
 * Local servers for the alert channel tests: an HTTP server that records requests and answers
 * as told, and a minimal SMTP server (RFC 5321 subset: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP,
 * QUIT; no TLS, no AUTH) that records messages. Both listen on 127.0.0.1 on a free port.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** performance.now() when the request was complete. */
  readonly receivedAt: number;
}

export interface HttpAnswer {
  readonly status: number;
  readonly body?: string;
  readonly headers?: Record<string, string>;
}

export interface LocalHttpServer {
  readonly url: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Decides the answer to each request (default 200 "ok"). */
  respond: (request: RecordedRequest) => HttpAnswer;
  /** Stops listening and drops open connections (the channel then sees connection refused). */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
}

function listen(server: Server | TcpServer, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

export async function startHttpServer(
  respond: (request: RecordedRequest) => HttpAnswer = () => ({ status: 200, body: 'ok' }),
): Promise<LocalHttpServer> {
  const requests: RecordedRequest[] = [];
  let server: Server;
  const make = (): Server =>
    createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const recorded: RecordedRequest = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          receivedAt: performance.now(),
        };
        requests.push(recorded);
        const answer = local.respond(recorded);
        res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
        res.end(answer.body ?? '');
      });
    });
  server = make();
  const port = await listen(server, 0);
  const local: LocalHttpServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    respond,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    restart: async () => {
      server = make();
      await listen(server, port);
    },
  };
  return local;
}

export interface ReceivedMail {
  readonly from: string;
  readonly to: string[];
  /** The message as sent after DATA (headers and body), dot-unstuffed. */
  readonly data: string;
}

export interface LocalSmtpServer {
  readonly port: number;
  readonly messages: ReceivedMail[];
  /** A reply code for RCPT TO (e.g. 451 temporary, 550 permanent) or null to accept. */
  rejectRecipientsWith: number | null;
  stop(): Promise<void>;
}

export async function startSmtpServer(): Promise<LocalSmtpServer> {
  const sockets = new Set<Socket>();
  const local: LocalSmtpServer = {
    port: 0,
    messages: [],
    rejectRecipientsWith: null,
    stop: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = '';
    let inData = false;
    let from = '';
    let to: string[] = [];
    let data: string[] = [];
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 localhost test SMTP ready');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let end: number;
      while ((end = buffer.indexOf('\r\n')) !== -1) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            local.messages.push({ from, to, data: data.join('\r\n') });
            reply('250 2.0.0 queued');
          } else {
            data.push(line.startsWith('..') ? line.slice(1) : line);
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') reply('250 localhost');
        else if (verb === 'HELO') reply('250 localhost');
        else if (verb === 'MAIL') {
          from = /<([^>]*)>/.exec(line)?.[1] ?? '';
          to = [];
          reply('250 2.1.0 ok');
        } else if (verb === 'RCPT') {
          if (local.rejectRecipientsWith !== null) {
            reply(`${local.rejectRecipientsWith} recipient refused by the test server`);
          } else {
            to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
            reply('250 2.1.5 ok');
          }
        } else if (verb === 'DATA') {
          inData = true;
          data = [];
          reply('354 end with <CRLF>.<CRLF>');
        } else if (verb === 'RSET') {
          from = '';
          to = [];
          reply('250 ok');
        } else if (verb === 'NOOP') reply('250 ok');
        else if (verb === 'QUIT') {
          reply('221 bye');
          socket.end();
        } else reply('502 command not implemented');
      }
    });
  });
  (local as { port: number }).port = await listen(server, 0);
  return local;
}
