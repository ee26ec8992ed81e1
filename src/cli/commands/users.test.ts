import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthService } from '../../auth/auth-service.js';
import { verifyPassword } from '../../auth/password.js';
import { openSqliteAuthStore } from '../../auth/sqlite/sqlite-auth-store.js';
import { ReplayClock } from '../../core/clock.js';
import type { AccountCommandIo } from './account-io.js';
import { register as registerApiKeys } from './apikeys.js';
import { register as registerUsers } from './users.js';

const T0 = 1_700_000_000_000_000;

describe('tickwatch users / apikeys', () => {
  let dataDir: string;
  let out: string;
  let err: string;
  let stdin: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tickwatch-cli-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function run(...args: string[]): Promise<void> {
    out = '';
    err = '';
    const io: AccountCommandIo = {
      stdout: (text) => (out += text),
      stderr: (text) => (err += text),
      readStdin: async () => stdin,
      clock: new ReplayClock(T0),
      scryptCost: { N: 1024, r: 8, p: 1 },
    };
    const program = new Command().exitOverride();
    registerUsers(program, io);
    registerApiKeys(program, io);
    await program.parseAsync(['node', 'tickwatch', ...args, '--data-dir', dataDir]);
  }

  async function withStore<T>(action: (auth: AuthService) => Promise<T>): Promise<T> {
    const store = await openSqliteAuthStore({ path: join(dataDir, 'auth.db') });
    try {
      return await action(new AuthService(store, new ReplayClock(T0)));
    } finally {
      await store.close();
    }
  }

  it('users add --password-stdin stores a verifiable hash in <dataDir>/auth.db and prints nothing secret', async () => {
    stdin = 'correct horse battery\n';
    await run('users', 'add', 'Alice', '--role', 'analyst', '--password-stdin');
    expect(out).toBe('');
    expect(err).toMatch(/Added alice \(analyst\)/);
    const user = await withStore((auth) => auth.store.userByName('alice'));
    expect(user?.role).toBe('analyst');
    expect(await verifyPassword('correct horse battery', user!.passwordHash)).toBe(true);
    const audit = await withStore((auth) => auth.store.auditLog({ limit: 1 }));
    expect(audit[0]).toMatchObject({ action: 'user.create', target: 'alice', actor: expect.stringMatching(/^cli/) });
  });

  it('users add without --password-stdin prints a generated password once', async () => {
    await run('users', 'add', 'bob', '--role', 'viewer');
    const password = /shown once\): (\S+)\n$/.exec(out)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    const user = await withStore((auth) => auth.store.userByName('bob'));
    expect(await verifyPassword(password!, user!.passwordHash)).toBe(true);
  });

  it('refuses bad roles, weak passwords and duplicates with a message', async () => {
    await expect(run('users', 'add', 'carol', '--role', 'boss')).rejects.toThrow(
      /expected one of viewer, analyst, admin/,
    );
    stdin = 'short\n';
    await expect(run('users', 'add', 'carol', '--role', 'viewer', '--password-stdin')).rejects.toThrow(/at least 12/);
    stdin = '';
    await expect(run('users', 'add', 'carol', '--role', 'viewer', '--password-stdin')).rejects.toThrow(
      /no password on standard input/,
    );
    await run('users', 'add', 'carol', '--role', 'viewer');
    await expect(run('users', 'add', 'CAROL', '--role', 'viewer')).rejects.toThrow(/already exists/);
  });

  it('passwd, role, list and remove', async () => {
    await run('users', 'add', 'root', '--role', 'admin');
    await run('users', 'add', 'dave', '--role', 'viewer');
    stdin = 'a new long password\r\n';
    await run('users', 'passwd', 'dave', '--password-stdin');
    const dave = await withStore((auth) => auth.store.userByName('dave'));
    expect(await verifyPassword('a new long password', dave!.passwordHash)).toBe(true);
    await run('users', 'role', 'dave', 'analyst');
    await run('users', 'list');
    expect(out.split('\n').map((line) => line.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'NAME ROLE',
      'dave analyst',
      'root admin',
      '',
    ]);
    await expect(run('users', 'remove', 'root')).rejects.toThrow(/only admin/);
    await run('users', 'remove', 'dave');
    await expect(run('users', 'remove', 'dave')).rejects.toThrow(/no user named "dave"/);
  });

  it('apikeys create prints the key alone on stdout; list masks it; revoke stops it', async () => {
    await run('users', 'add', 'grafana', '--role', 'viewer');
    await run('apikeys', 'create', '--user', 'grafana', '--role', 'viewer', '--name', 'dashboards');
    const key = out.trimEnd();
    expect(out).toMatch(/^tw_[A-Za-z0-9_-]{43}\n$/);
    expect(err).toMatch(/Created API key 1 .* Store it now/);
    expect((await withStore((auth) => auth.authenticateApiKey(key)))?.username).toBe('grafana');

    await run('apikeys', 'list');
    expect(out).not.toContain(key);
    expect(out).toContain(`tw_${key.slice(3, 7)}…${key.slice(-4)}`);
    expect(out).toMatch(/^1\s+grafana\s+viewer\s+tw_\S+\s+dashboards\s+.*active$/m);

    await run('apikeys', 'revoke', '1');
    expect(await withStore((auth) => auth.authenticateApiKey(key))).toBeNull();
    await run('apikeys', 'list');
    expect(out).toMatch(/revoked 2023-11-14 22:13:20Z/);
    await expect(run('apikeys', 'revoke', 'x')).rejects.toThrow(/expected a key id/);
    await expect(run('apikeys', 'revoke', '7')).rejects.toThrow(/no API key with id 7/);
    await expect(run('apikeys', 'create', '--user', 'grafana', '--role', 'admin')).rejects.toThrow(
      /more rights than its owner/,
    );
  });
});
