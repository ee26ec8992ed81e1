/**
 * `tickwatch apikeys create|list|revoke`: keys for programs (`Authorization: Bearer tw_…`).
 * `create` prints the key alone on standard output (for scripts: KEY=$(tickwatch apikeys create …));
 * it is stored hashed and cannot be shown again.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { Role } from '../../auth/roles.js';
import { withCommonOptions, type CommonOptions } from '../options.js';
import {
  cliActor,
  parseRole,
  processIo,
  shortTime,
  table,
  withAuthService,
  type AccountCommandIo,
} from './account-io.js';

function parseKeyId(value: string): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id < 1)
    throw new InvalidArgumentError(`expected a key id (a positive integer), got "${value}"`);
  return id;
}

export function register(program: Command, io: AccountCommandIo = processIo): void {
  const apikeys = program.command('apikeys').description('manage API keys for programs');

  withCommonOptions(apikeys.command('create'))
    .description('create a key and print it (alone) on standard output; it is not shown again')
    .requiredOption('--user <name>', 'the user the key acts for')
    .requiredOption('--role <role>', "the key's scope: viewer, analyst or admin (at most the user's role)", parseRole)
    .option('--name <text>', 'what the key is for, e.g. grafana', '')
    .action(async (options: CommonOptions & { user: string; role: Role; name: string }) => {
      await withAuthService(options, io, async (auth) => {
        const { key, record } = await auth.createApiKey(cliActor(), options.user, options.role, options.name);
        io.stderr(
          `Created API key ${record.id} (${record.masked}) for ${record.username} as ${record.role}. Store it now: it is not shown again.\n`,
        );
        io.stdout(`${key}\n`);
      });
    });

  withCommonOptions(apikeys.command('list'))
    .description('list keys (masked)')
    .action(async (options: CommonOptions) => {
      await withAuthService(options, io, async (auth) => {
        const rows = (await auth.listApiKeys()).map((k) => [
          String(k.id),
          k.username,
          k.role,
          k.masked,
          k.name,
          shortTime(k.createdAt),
          shortTime(k.lastUsedAt),
          k.revokedAt === null ? 'active' : `revoked ${shortTime(k.revokedAt)}`,
        ]);
        io.stdout(table(['ID', 'USER', 'ROLE', 'KEY', 'NAME', 'CREATED', 'LAST USED', 'STATUS'], rows));
      });
    });

  withCommonOptions(apikeys.command('revoke <id>'))
    .description('revoke a key at once (it stays listed as revoked)')
    .action(async (id: string, options: CommonOptions) => {
      const keyId = parseKeyId(id);
      await withAuthService(options, io, async (auth) => {
        const key = await auth.revokeApiKey(cliActor(), keyId);
        io.stderr(`Revoked API key ${key.id} (${key.masked}) of ${key.username}.\n`);
      });
    });
}
