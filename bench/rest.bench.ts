/**
 * REST latency under load: a real `tickwatch run` (simulator, 2 crypto symbols, short warm-up)
 * in a child process, and this process as the load generator: 16 keep-alive connections asking
 * GET /api/v1/latest/BTC-USD with an API key for 10 seconds. The latest price comes from the
 * in-process cache, so this measures the server path, not the store.
 *
 *   npx tsx bench/rest.bench.ts      (or: npm run bench -- rest)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { report } from './lib/report.js';

const CONNECTIONS = 16;
const SECONDS = 10;
const dir = mkdtempSync(join(tmpdir(), 'tickwatch-rest-bench-'));
const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const child = spawn(process.execPath, ['--import', 'tsx', main, 'run', '--data-dir', dir, '--port', '0'], {
  env: {
    ...process.env,
    TICKWATCH_SOURCE__SIMULATOR__SYMBOLS: '[BTC-USD, ETH-USD]',
    TICKWATCH_SOURCE__SIMULATOR__WARMUP_DAYS: '0.05',
    TICKWATCH_LIVEVIEW__ENABLED: 'false',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});

try {
  const output = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`tickwatch run did not go live:\n${seen}`)), 120_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (/Live\./.test(seen)) {
        clearTimeout(timer);
        resolve(seen);
      }
    });
  });
  const base = /Dashboard and API: http:\/\/localhost:(\d+)/.exec(output);
  const password = /password: (\S+)/.exec(output)?.[1];
  if (!base?.[1] || !password) throw new Error(`could not read the address and password from:\n${output}`);
  const port = Number(base[1]);
  const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  const created = await fetch(`http://127.0.0.1:${port}/api/v1/apikeys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
    body: JSON.stringify({ username: 'admin', role: 'viewer', name: 'bench' }),
  });
  const key = ((await created.json()) as { key?: string }).key;
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : { cookie };

  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const started = performance.now();
      const req = request({ host: '127.0.0.1', port, path: '/api/v1/latest/BTC-USD', agent, headers }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) latencies.push(performance.now() - started);
          else errors++;
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end();
    });
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < deadline) await one();
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (p: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN;
  const extra = { connections: CONNECTIONS, auth: key ? 'api key' : 'session', errors, loadAverage: loadavg()[0] };
  report('rest', 'latest_price_requests_per_second', latencies.length / SECONDS, 'req/s', extra);
  report('rest', 'latest_price_p50', at(0.5), 'ms', extra);
  report('rest', 'latest_price_p99', at(0.99), 'ms', extra);
} finally {
  child.kill('SIGINT');
  await new Promise((resolve) => child.on('close', resolve));
  rmSync(dir, { recursive: true, force: true });
}
