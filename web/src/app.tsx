/**
 * The shell: restores the session (or shows the login page), sends the user back to login with
 * a message when the session expires, starts the live connection, and routes between pages.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { currentSession, logout, onSessionExpired } from './api/client.js';
import { live, type ConnectionState } from './api/live.js';
import type { Me } from './api/types.js';
import { AppContext, type AppContextValue } from './context.js';
import { THEME_COLORS, applyTheme, initialTheme, type ThemeName } from './lib/theme.js';
import { AlertsPage } from './pages/alerts.js';
import { AnomaliesPage } from './pages/anomalies.js';
import { AnomalyDetailPage } from './pages/anomaly-detail.js';
import { BenchChartPage } from './pages/bench-chart.js';
import { ChartPage } from './pages/chart-page.js';
import { ComingPage } from './pages/coming.js';
import { HeatmapPage } from './pages/heatmap.js';
import { LabelsPage } from './pages/labels.js';
import { LoginPage } from './pages/login.js';
import { OverviewPage } from './pages/overview.js';
import { SystemPage } from './pages/system.js';
import { linkProps, match, navigate, useRoute } from './router.js';

const NAV: readonly { readonly to: string; readonly label: string; readonly soon?: boolean }[] = [
  { to: '/', label: 'Markets' },
  { to: '/anomalies', label: 'Anomalies' },
  { to: '/labels', label: 'Labels' },
  { to: '/heatmap', label: 'Correlation' },
  { to: '/system', label: 'System' },
  { to: '/alerts', label: 'Alerts' },
  { to: '/signals', label: 'Signals', soon: true },
  { to: '/portfolio', label: 'Portfolio', soon: true },
  { to: '/backtests', label: 'Backtests', soon: true },
];

export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  const [theme, setTheme] = useState<ThemeName>(initialTheme);
  const [connection, setConnection] = useState<ConnectionState>(live.state);
  const route = useRoute();

  useEffect(() => applyTheme(theme), [theme]);
  useEffect(() => live.onState(setConnection), []);

  useEffect(() => {
    currentSession().then(setMe, (error: unknown) => {
      setMe(null);
      setNotice(`The server did not answer: ${error instanceof Error ? error.message : String(error)}`);
    });
    return onSessionExpired((message) => {
      live.stop();
      setMe(null);
      setNotice(`Your session ended — please log in again. (${message})`);
    });
  }, []);

  useEffect(() => {
    if (me) live.start();
    else if (me === null) live.stop();
  }, [me]);

  useEffect(() => {
    if (me === null && route.path !== '/login') {
      const next = route.path + (route.params.size > 0 ? `?${route.params.toString()}` : '');
      navigate(`/login?next=${encodeURIComponent(next)}`, { replace: true });
    } else if (me && route.path === '/login') {
      navigate(route.params.get('next') ?? '/', { replace: true });
    }
  }, [me, route]);

  const onLoggedIn = useCallback((session: Me) => {
    setNotice(null);
    setMe(session);
  }, []);

  const onLogout = useCallback(() => {
    logout().then(
      () => {
        live.stop();
        setNotice('You have logged out.');
        setMe(null);
      },
      () => setMe(null),
    );
  }, []);

  const context = useMemo<AppContextValue | null>(
    () =>
      me
        ? { me, theme, colors: THEME_COLORS[theme], canLabel: me.user.role === 'analyst' || me.user.role === 'admin' }
        : null,
    [me, theme],
  );

  if (me === undefined)
    return (
      <div className="splash" aria-busy="true">
        Loading…
      </div>
    );
  if (me === null || context === null) return <LoginPage notice={notice} onLoggedIn={onLoggedIn} />;

  return (
    <AppContext.Provider value={context}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">tickwatch</span>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <a
                  {...linkProps(item.to)}
                  aria-current={isCurrent(item.to, route.path) ? 'page' : undefined}
                  className={item.soon ? 'soon' : undefined}
                >
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span className={`connection ${connection}`} role="status" title={`live connection: ${connection}`}>
          {connection === 'open' ? 'live' : connection}
        </span>
        <button
          type="button"
          className="ghost"
          onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
          aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
        >
          {theme === 'dark' ? '☀' : '☾'}
        </button>
        <span className="user">
          {me.user.username} <small>({me.user.role})</small>
        </span>
        <button type="button" className="ghost" onClick={onLogout}>
          Log out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Page path={route.path} params={route.params} />
      </main>
    </AppContext.Provider>
  );
}

function isCurrent(to: string, path: string): boolean {
  if (to === '/') return path === '/' || path.startsWith('/chart/');
  return path === to || path.startsWith(`${to}/`);
}

function Page({ path, params }: { path: string; params: URLSearchParams }) {
  let found: Record<string, string> | null;
  if (match('/', path)) return <OverviewPage />;
  if ((found = match('/chart/:symbol', path)))
    return (
      <ChartPage
        key={found['symbol']}
        symbol={found['symbol']!}
        timeframe={params.get('tf') ?? '1m'}
        focus={params.get('at')}
      />
    );
  if (match('/anomalies', path)) return <AnomaliesPage />;
  if ((found = match('/anomalies/:id', path))) return <AnomalyDetailPage key={found['id']} id={found['id']!} />;
  if (match('/labels', path)) return <LabelsPage />;
  if (match('/heatmap', path)) return <HeatmapPage />;
  if (match('/system', path)) return <SystemPage />;
  if (match('/alerts', path)) return <AlertsPage />;
  if (match('/bench/chart', path)) return <BenchChartPage />;
  if ((found = match('/:page', path)) && ['signals', 'portfolio', 'backtests'].includes(found['page']!))
    return <ComingPage name={found['page']!} />;
  return (
    <section className="page">
      <h1>Not found</h1>
      <p>
        No page at <code>{path}</code>. <a {...linkProps('/')}>Back to the markets</a>.
      </p>
    </section>
  );
}
