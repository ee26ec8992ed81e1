import { join } from 'node:path';

/** The auth database: `server.authPath`, else `<dataDir>/auth.db`. */
export function authDatabasePath(config: { dataDir: string; server: { authPath?: string | undefined } }): string {
  return config.server.authPath ?? join(config.dataDir, 'auth.db');
}
