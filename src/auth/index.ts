/** Authentication and authorisation: users, roles, sessions, API keys, audit log. */
export { AuthError, type AuthErrorCode } from './auth-error.js';
export {
  AuthService,
  DEFAULT_AUTH_POLICY,
  authPolicyFrom,
  type Actor,
  type AuthPolicy,
  type AuthPolicySettings,
  type AuthServiceOptions,
  type ClientInfo,
  type CreatedApiKey,
  type LoginOutcome,
  type Principal,
} from './auth-service.js';
export type * from './auth-store.js';
export { AUDIT_ACTIONS } from './auth-store.js';
export { ensureAdmin, INITIAL_ADMIN, type InitialAdmin } from './ensure-admin.js';
export { DEFAULT_SCRYPT_COST, passwordProblem, type ScryptCost } from './password.js';
export { ROLES, isRole, lesserRole, roleAllows, type Role } from './roles.js';
export { authDatabasePath } from './paths.js';
export { SqliteAuthStore, openSqliteAuthStore } from './sqlite/sqlite-auth-store.js';
