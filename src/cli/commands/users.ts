/**
 * `tickwatch users add|passwd|role|list|remove`: manage the accounts that may use the API and the
 * dashboard. Works while the server runs (the auth database is in WAL mode); changes apply to
 * the next request. Passwords come from standard input with --password-stdin, or are generated
 * and printed once.
 */
import type { Command } from 'commander';
import { generatePassword } from '../../auth/secrets.js';
import type { Role } from '../../auth/roles.js';
import { withCommonOptions, type CommonOptions } from '../options.js';
import {
  cliActor,
  parseRole,
  passwordFromStdin,
  processIo,
  shortTime,
  table,
  withAuthService,
  type AccountCommandIo,
} from './account-io.js';

interface PasswordOptions extends CommonOptions {
  passwordStdin?: boolean;
}

async function choosePassword(
  options: PasswordOptions,
  io: AccountCommandIo,
): Promise<{ password: string; generated: boolean }> {
  if (options.passwordStdin) return { password: await passwordFromStdin(io), generated: false };
  return { password: generatePassword(), generated: true };
}

export function register(program: Command, io: AccountCommandIo = processIo): void {
  const users = program.command('users').description('manage user accounts (roles: viewer, analyst, admin)');

  withCommonOptions(users.command('add <name>'))
    .description('add a user; prints a generated password unless --password-stdin is given')
    .requiredOption('--role <role>', 'viewer (read), analyst (read + labels) or admin (everything)', parseRole)
    .option('--password-stdin', 'read the password from standard input (its first line)')
    .action(async (name: string, options: PasswordOptions & { role: Role }) => {
      const { password, generated } = await choosePassword(options, io);
      await withAuthService(options, io, async (auth, path) => {
        const user = await auth.createUser(cliActor(), name, options.role, password);
        io.stderr(`Added ${user.username} (${user.role}) to ${path}.\n`);
        if (generated) io.stdout(`Password for ${user.username} (shown once): ${password}\n`);
      });
    });

  withCommonOptions(users.command('passwd <name>'))
    .description(
      "set a user's password and end their sessions; prints a generated one unless --password-stdin is given",
    )
    .option('--password-stdin', 'read the password from standard input (its first line)')
    .action(async (name: string, options: PasswordOptions) => {
      const { password, generated } = await choosePassword(options, io);
      await withAuthService(options, io, async (auth) => {
        await auth.setPassword(cliActor(), name, password);
        io.stderr(`Password of ${name.toLowerCase()} changed; their sessions were ended.\n`);
        if (generated) io.stdout(`New password for ${name.toLowerCase()} (shown once): ${password}\n`);
      });
    });

  withCommonOptions(users.command('role <name> <role>'))
    .description("change a user's role (the last admin cannot be demoted)")
    .action(async (name: string, role: string, options: CommonOptions) => {
      const newRole = parseRole(role);
      await withAuthService(options, io, async (auth) => {
        const user = await auth.setRole(cliActor(), name, newRole);
        io.stderr(`${user.username} is now ${user.role}.\n`);
      });
    });

  withCommonOptions(users.command('list'))
    .description('list users')
    .action(async (options: CommonOptions) => {
      await withAuthService(options, io, async (auth) => {
        const rows = (await auth.listUsers()).map((u) => [
          u.username,
          u.role,
          shortTime(u.createdAt),
          shortTime(u.lastLoginAt),
        ]);
        io.stdout(table(['NAME', 'ROLE', 'CREATED', 'LAST LOGIN'], rows));
      });
    });

  withCommonOptions(users.command('remove <name>'))
    .description('remove a user with their sessions and API keys (the last admin cannot be removed)')
    .action(async (name: string, options: CommonOptions) => {
      await withAuthService(options, io, async (auth) => {
        await auth.removeUser(cliActor(), name);
        io.stderr(`Removed ${name.toLowerCase()}.\n`);
      });
    });
}
