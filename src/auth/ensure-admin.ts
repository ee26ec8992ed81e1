/**
 * First start: when no admin exists, create `admin` with a generated password and hand the
 * password back once, for the run loop to print to the terminal. It is never stored in clear
 * or logged; lose it and reset it with `tickwatch users passwd admin`.
 */
import type { Clock } from '../core/clock.js';
import { LiveClock } from '../runtime/live-clock.js';
import { AuthService, type AuthServiceOptions } from './auth-service.js';
import type { AuthStore } from './auth-store.js';
import { generatePassword } from './secrets.js';

export const INITIAL_ADMIN = 'admin';

export interface InitialAdmin {
  readonly username: string;
  readonly password: string;
}

/** Creates the first admin if there is no admin; returns its credentials, or null if nothing was done. */
export async function ensureAdmin(
  store: AuthStore,
  clock: Clock = new LiveClock(),
  options: AuthServiceOptions = {},
): Promise<InitialAdmin | null> {
  if ((await store.countUsersWithRole('admin')) > 0) return null;
  if ((await store.userByName(INITIAL_ADMIN)) !== null) {
    throw new Error(
      `there is no admin account and the name "${INITIAL_ADMIN}" is taken by a non-admin: ` +
        `make a user admin with \`tickwatch users add NAME --role admin\``,
    );
  }
  const password = generatePassword();
  await new AuthService(store, clock, options).createUser(
    { name: 'system', ip: null },
    INITIAL_ADMIN,
    'admin',
    password,
  );
  return { username: INITIAL_ADMIN, password };
}
