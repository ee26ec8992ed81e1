/**
 * An expected failure of an auth operation. The codes are the server's error codes
 * (src/server/errors.ts), so the API reports them unchanged; the CLI prints the message.
 */
export type AuthErrorCode = 'invalid_request' | 'not_found' | 'conflict' | 'forbidden';

export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}
