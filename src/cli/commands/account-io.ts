/**
 * What the `users` and `apikeys` commands need from the outside world, injectable for tests:
 * output streams, the password on standard input, the clock and the hashing cost.
 */
import { userInfo } from 'node:os';
import { InvalidArgumentError } from 'commander';
import { AuthService, authPolicyFrom, type Actor } from '../../auth/auth-service.js';
import type { ScryptCost } from '../../auth/password.js';
import { authDatabasePath } from '../../auth/paths.js';
import { isRole, ROLES, type Role } from '../../auth/roles.js';
import { openSqliteAuthStore } from '../../auth/sqlite/sqlite-auth-store.js';
import type { Clock } from '../../core/clock.js';
import { isoFromMicros } from '../../core/time.js';
import { LiveClock } from '../../runtime/live-clock.js';
import { loadCommandConfig, type CommonOptions } from '../options.js';

export interface AccountCommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** All of standard input as text. */
  readonly readStdin: () => Promise<string>;
  readonly clock?: Clock;
  /** Tests lower it. */
  readonly scryptCost?: ScryptCost;
}

export const processIo: AccountCommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

export function parseRole(value: string): Role {
  if (!isRole(value)) throw new InvalidArgumentError(`expected one of ${ROLES.join(', ')}, got "${value}"`);
  return value;
}

/** The password from standard input: its first line, without the line break. */
export async function passwordFromStdin(io: AccountCommandIo): Promise<string> {
  const text = await io.readStdin();
  const password = text.split(/\r?\n/)[0] ?? '';
  if (password === '')
    throw new Error('no password on standard input: pipe it in, e.g. `printf %s "$PASSWORD" | tickwatch …`');
  return password;
}

/** The CLI acts as `cli:<os user>` in the audit log. */
export function cliActor(): Actor {
  let name = 'cli';
  try {
    name = `cli:${userInfo().username}`;
  } catch {
    // no passwd entry (containers): plain "cli"
  }
  return { name, ip: null };
}

/** Opens the auth database of the configuration, runs `action` with a service on it, closes it. */
export async function withAuthService<T>(
  options: CommonOptions,
  io: AccountCommandIo,
  action: (auth: AuthService, path: string) => Promise<T>,
): Promise<T> {
  const { config } = loadCommandConfig(options);
  const path = authDatabasePath(config);
  const store = await openSqliteAuthStore({ path });
  try {
    const auth = new AuthService(store, io.clock ?? new LiveClock(), {
      policy: authPolicyFrom(config.server),
      ...(io.scryptCost ? { scryptCost: io.scryptCost } : {}),
    });
    return await action(auth, path);
  } finally {
    await store.close();
  }
}

/** Fixed-width columns for terminal listings. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

/** `2024-01-02 14:30:00Z`, or `-` for null. */
export function shortTime(ts: number | null): string {
  return ts === null ? '-' : `${isoFromMicros(ts).slice(0, 19).replace('T', ' ')}Z`;
}
