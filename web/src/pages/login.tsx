/** Login: clear messages for wrong credentials, lockouts and an unreachable server. */
import { useState, type FormEvent } from 'react';
import { ApiError, login } from '../api/client.js';
import type { Me } from '../api/types.js';

function messageFor(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'unauthorized') return 'Wrong user name or password.';
    if (error.code === 'rate_limited') return `Too many attempts: ${error.message}`;
    if (error.code === 'invalid_request') return 'Enter a user name and a password.';
    return error.message;
  }
  return 'The server did not answer: is `tickwatch run` running?';
}

export function LoginPage({ notice, onLoggedIn }: { notice: string | null; onLoggedIn: (me: Me) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (username === '' || password === '') {
      setError('Enter a user name and a password.');
      return;
    }
    setBusy(true);
    setError(null);
    login(username, password).then(onLoggedIn, (failure: unknown) => {
      setBusy(false);
      setError(messageFor(failure));
    });
  };

  return (
    <main className="login">
      <form onSubmit={submit} aria-labelledby="login-title" noValidate>
        <h1 id="login-title">tickwatch</h1>
        <p className="muted">Market surveillance dashboard</p>
        {notice !== null && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <label>
          User name
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoFocus
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error !== null && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
        <p className="muted small">
          The first start prints the admin password in the terminal; reset it with{' '}
          <code>npx tickwatch users passwd admin</code>.
        </p>
      </form>
    </main>
  );
}
