/**
 * A minimal WebSocket client for benchmarks: the upgrade handshake, then unmasked server frames
 * parsed straight from the TCP stream (text, ping, close; no extensions, no fragmentation, which
 * the tickwatch server never sends). It costs a fraction of `ws`'s per-message work (frame
 * objects, events, UTF-8 validation), so a hundred clients in one or two processes measure the
 * server, not themselves. Client frames are masked with a zero key, as RFC 6455 allows.
 */
import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { connect, type Socket } from 'node:net';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OPCODE_TEXT = 0x1;
const OPCODE_CLOSE = 0x8;
const OPCODE_PING = 0x9;
const OPCODE_PONG = 0xa;

export class RawWebSocketClient extends EventEmitter<{
  open: [];
  message: [Buffer];
  error: [Error];
  close: [];
}> {
  private readonly socket: Socket;
  private handshaking = true;
  private pending: Buffer | null = null;
  private readonly key = randomBytes(16).toString('base64');

  constructor(url: string) {
    super();
    const { hostname, port, pathname } = new URL(url);
    this.socket = connect(Number(port), hostname, () => {
      this.socket.setNoDelay(true);
      this.socket.write(
        `GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${this.key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
    this.socket.on('error', (error) => this.emit('error', error));
    this.socket.on('close', () => this.emit('close'));
  }

  send(text: string): void {
    this.write(OPCODE_TEXT, Buffer.from(text));
  }

  close(): void {
    this.write(OPCODE_CLOSE, Buffer.alloc(0));
    this.socket.end();
  }

  private receive(chunk: Buffer): void {
    let data = this.pending === null ? chunk : Buffer.concat([this.pending, chunk]);
    this.pending = null;
    if (this.handshaking) {
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) {
        this.pending = data;
        return;
      }
      const head = data.toString('latin1', 0, end);
      const accept = createHash('sha1')
        .update(this.key + GUID)
        .digest('base64');
      if (!head.startsWith('HTTP/1.1 101') || !head.includes(accept)) {
        this.emit('error', new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
        this.socket.destroy();
        return;
      }
      this.handshaking = false;
      this.emit('open');
      data = data.subarray(end + 4);
    }
    let offset = 0;
    while (data.length - offset >= 2) {
      const first = data[offset] as number;
      let length = (data[offset + 1] as number) & 0x7f;
      let header = 2;
      if (length === 126) {
        if (data.length - offset < 4) break;
        length = data.readUInt16BE(offset + 2);
        header = 4;
      } else if (length === 127) {
        if (data.length - offset < 10) break;
        length = data.readUInt32BE(offset + 2) * 2 ** 32 + data.readUInt32BE(offset + 6);
        header = 10;
      }
      if (data.length - offset < header + length) break;
      const payload = data.subarray(offset + header, offset + header + length);
      offset += header + length;
      const opcode = first & 0x0f;
      if ((first & 0x80) === 0) throw new Error('fragmented frames are not supported by this bench client');
      if (opcode === OPCODE_TEXT) this.emit('message', payload);
      else if (opcode === OPCODE_PING) this.write(OPCODE_PONG, payload);
      else if (opcode === OPCODE_CLOSE) this.socket.end();
      else if (opcode !== OPCODE_PONG) throw new Error(`unexpected WebSocket opcode ${opcode}`);
    }
    if (offset < data.length) this.pending = data.subarray(offset);
  }

  /** A final, masked (zero key) frame. */
  private write(opcode: number, payload: Buffer): void {
    if (this.socket.destroyed || !this.socket.writable) return;
    const length = payload.length;
    const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
    const frame = Buffer.alloc(header + 4 + length);
    frame[0] = 0x80 | opcode;
    if (header === 2) frame[1] = 0x80 | length;
    else if (header === 4) {
      frame[1] = 0x80 | 126;
      frame.writeUInt16BE(length, 2);
    } else {
      frame[1] = 0x80 | 127;
      frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
      frame.writeUInt32BE(length >>> 0, 6);
    }
    payload.copy(frame, header + 4); // the 4 mask bytes stay zero: the payload is sent as is
    this.socket.write(frame);
  }
}
