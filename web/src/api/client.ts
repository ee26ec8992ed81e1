/**
 * The REST client: same-origin fetch with the session cookie; state-changing requests carry the
 * CSRF token from the login answer. A 401 on any request means the session expired or ended:
 * listeners (the app shell) send the user back to the login page with a message.
 */
import type { ApiErrorBody, Me } from './types.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type ExpiryListener = (message: string) => void;

let csrfToken = '';
const expiryListeners = new Set<ExpiryListener>();

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when a request answers 401 (the session expired, was revoked or never existed). */
export function onSessionExpired(listener: ExpiryListener): () => void {
  expiryListeners.add(listener);
  return () => expiryListeners.delete(listener);
}

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as Partial<ApiErrorBody>;
    if (body.error) return new ApiError(response.status, body.error.code, body.error.message);
  } catch {
    // not JSON: fall through
  }
  return new ApiError(response.status, 'http_error', `${response.status} ${response.statusText}`);
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  /** Do not treat a 401 as an expired session (the login request itself). */
  readonly anonymous?: boolean;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== '') headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!response.ok) {
    const error = await errorOf(response);
    if (response.status === 401 && options.anonymous !== true) {
      for (const listener of expiryListeners) listener(error.message);
    }
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}

/** Query string from defined values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

export async function login(username: string, password: string): Promise<Me> {
  const me = await request<Me>('/api/v1/auth/login', {
    method: 'POST',
    body: { username, password },
    anonymous: true,
  });
  setCsrfToken(me.csrfToken);
  return me;
}

/** The current session, or null when there is none (no expiry message: the user simply is not logged in). */
export async function currentSession(): Promise<Me | null> {
  // The readable CSRF cookie comes and goes with the session: without it, do not ask (a 401 would
  // only log an error in the console).
  if (!document.cookie.split('; ').some((cookie) => cookie.startsWith('tw_csrf='))) return null;
  try {
    const me = await request<Me>('/api/v1/auth/me', { anonymous: true });
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export async function logout(): Promise<void> {
  await request<void>('/api/v1/auth/logout', { method: 'POST' });
  setCsrfToken('');
}
