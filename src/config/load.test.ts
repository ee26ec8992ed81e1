import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, validateConfig } from './load.js';

function tempFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'tickwatch-config-')), 'tickwatch.yaml');
  writeFileSync(file, text);
  return file;
}

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('runs on defaults with no file: simulator source, the six default timeframes, data under ./data', () => {
    const { config, file } = loadConfig({ env: {}, file: undefined });
    expect(file).toBeNull();
    expect(config.dataDir).toBe('./data');
    expect(config.pipeline.timeframes).toEqual(['1s', '1m', '5m', '15m', '1h', '1d']);
    expect(config.source.simulator.seed).toBe(42);
    expect(config.pipeline.detectors.volumeSpike.threshold).toBe(3);
    expect(config.pipeline.detectors.priceSpike.threshold).toBe(0.05);
  });

  it('reads a YAML file and keeps defaults for what it leaves out', () => {
    const file = tempFile(
      'source:\n  simulator:\n    seed: 7\n    symbols: [AAPL, BTC-USD]\npipeline:\n  timeframes: [1m, 5m]\n',
    );
    const { config } = loadConfig({ file, env: {} });
    expect(config.source.simulator.seed).toBe(7);
    expect(config.source.simulator.symbols).toEqual(['AAPL', 'BTC-USD']);
    expect(config.pipeline.timeframes).toEqual(['1m', '5m']);
    expect(config.source.simulator.speed).toBe(1);
  });

  it('names the field and the fix for every bad value', () => {
    const problems = problemsOf(() =>
      validateConfig(
        { pipeline: { timeframes: ['7m'], validation: { allowedLatenessMs: 'soon' } }, store: { bogus: 1 } },
        'test',
      ),
    );
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^pipeline\.timeframes\.0: .* fix: use a timeframe such as 1s, 1m/);
    expect(problems[1]).toMatch(/^pipeline\.validation\.allowedLatenessMs: .*expected number.* fix: use milliseconds/);
    expect(problems[2]).toMatch(/unknown field "bogus" in store/);
  });

  it('rejects detector timeframes that are not built', () => {
    const problems = problemsOf(() =>
      validateConfig({ pipeline: { timeframes: ['1m'], detectors: { volumeSpike: { timeframes: ['5m'] } } } }, 'test'),
    );
    expect(problems[0]).toMatch(/pipeline\.detectors\.volumeSpike\.timeframes: 5m is not built — fix: add 5m/);
  });

  it('rejects model timeframes without feature vectors and ill-formed correlation pairs, naming the fix', () => {
    const problems = problemsOf(() =>
      validateConfig(
        {
          pipeline: {
            features: { timeframes: ['1m'] },
            detectors: {
              models: [{ detector: 'isolation_forest', timeframes: ['5m'] }],
              correlationBreak: { pairs: [['SPY', 'SPY']], shortWindow: 50, longWindow: 40 },
            },
          },
        },
        'test',
      ),
    );
    expect(problems.join('\n')).toMatch(/pipeline\.detectors\.correlationBreak\.pairs\.0.*two different symbols/);
    expect(problems.join('\n')).toMatch(/pipeline\.detectors\.correlationBreak\.longWindow.*more than shortWindow/);
    const models = problemsOf(() =>
      validateConfig(
        {
          pipeline: {
            features: { timeframes: ['1m'] },
            detectors: { models: [{ detector: 'isolation_forest', timeframes: ['5m'] }] },
          },
        },
        'test',
      ),
    );
    expect(models).toEqual([
      'pipeline.detectors.models.0.timeframes: 5m has no feature vectors — fix: add 5m to pipeline.features.timeframes or use one of 1m',
    ]);
    expect(
      problemsOf(() => validateConfig({ pipeline: { detectors: { models: [{ detector: 'svm' }] } } }, 't'))[0],
    ).toMatch(/pipeline\.detectors\.models\.0\.detector.*isolation_forest or lstm_autoencoder/);
  });

  it('reports YAML syntax errors with the line', () => {
    const file = tempFile('source:\n  simulator: [unclosed\n');
    expect(problemsOf(() => loadConfig({ file, env: {} }))[0]).toMatch(/YAML syntax error at line \d+/);
  });

  it('reports a missing file', () => {
    expect(problemsOf(() => loadConfig({ file: '/nonexistent/tickwatch.yaml', env: {} }))[0]).toMatch(/file not found/);
  });

  it('applies TICKWATCH_ environment overrides over the file, and flags last', () => {
    const file = tempFile('source:\n  simulator:\n    seed: 7\n');
    const { config } = loadConfig({
      file,
      env: {
        TICKWATCH_SOURCE__SIMULATOR__SEED: '9',
        TICKWATCH_PIPELINE__TIMEFRAMES: '[1m, 5m]',
        TICKWATCH_LIVEVIEW__INTERVAL_MS: '1000',
      },
      overrides: { dataDir: '/tmp/tw' },
    });
    expect(config.source.simulator.seed).toBe(9);
    expect(config.pipeline.timeframes).toEqual(['1m', '5m']);
    expect(config.liveView.intervalMs).toBe(1000);
    expect(config.dataDir).toBe('/tmp/tw');
  });

  it('rejects an environment variable that names no field', () => {
    expect(problemsOf(() => loadConfig({ env: { TICKWATCH_SOURCE__SIMULATOR__SPED: '2' } }))[0]).toMatch(
      /TICKWATCH_SOURCE__SIMULATOR__SPED does not name a configuration field/,
    );
  });
});
