/**
 * The configuration file (YAML), validated once at start-up. Every field has a default, so an
 * empty file — or no file — runs the simulator on embedded defaults. Each field's description is
 * the hint printed when its value is wrong.
 */
import { z } from 'zod';
import { parseTimeframe } from '../core/time.js';
import { alertsConfigSchema } from '../alerts/config.js';
import { DETECTOR_NAMES, parameterProblems } from '../evaluation/detector-catalog.js';
import { sourceSchema } from './source-schema.js';
import { MODEL_DETECTORS } from '../models/model-files.js';

const timeframe = z
  .string()
  .refine(
    (label) => {
      try {
        parseTimeframe(label);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a timeframe' },
  )
  .describe('a timeframe such as 1s, 1m, 5m, 15m, 1h or 1d');

const millis = (fallback: number, hint: string) => z.number().int().min(0).default(fallback).describe(hint);

const volumeSpikeSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('true or false'),
    timeframes: z.array(timeframe).min(1).default(['1m']),
    lookback: z.number().int().min(2).max(10_000).default(20).describe('bars in the reference average, e.g. 20'),
    threshold: z.number().gt(1).default(3).describe('multiple of the average volume that triggers, e.g. 3'),
    criticalMultiple: z.number().gt(1).default(6).describe('multiple from which the anomaly is critical, e.g. 6'),
  })
  .prefault({});

const priceSpikeSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('true or false'),
    timeframes: z.array(timeframe).min(1).default(['1m']),
    lookback: z.number().int().min(2).max(10_000).default(20).describe('bars in the reference average, e.g. 20'),
    threshold: z
      .number()
      .gt(0)
      .lt(1)
      .default(0.05)
      .describe('relative distance from the average close that triggers, e.g. 0.05 for 5%'),
    criticalThreshold: z
      .number()
      .gt(0)
      .default(0.1)
      .describe('relative distance from which the anomaly is critical, e.g. 0.1'),
  })
  .prefault({});

const barFeature = z
  .enum(['log_return', 'log_volume', 'log_range', 'log_trades'])
  .describe('a bar feature: log_return, log_volume, log_range (log high/low) or log_trades');

const detectorName = z
  .enum(DETECTOR_NAMES)
  .describe(`a detector name: ${DETECTOR_NAMES.join(', ')} (see docs/detectors.md)`);

const calibrationSchema = z
  .strictObject({
    window: z.number().int().min(10).max(100_000).default(2000).describe('recent scores kept per symbol, e.g. 2000'),
    minSamples: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(200)
      .describe('scores recorded before it reports, at most window, e.g. 200'),
    tailProbability: z
      .number()
      .gt(0)
      .lt(1)
      .nullable()
      .default(null)
      .describe("trigger on a tail probability at or below this, e.g. 0.001; null keeps the detector's own rule"),
  })
  .refine((c) => c.minSamples <= c.window, { message: 'minSamples must be at most window' });

/** A detector with its parameters: shared by `custom` entries and ensemble members. */
const detectorSpecShape = {
  detector: detectorName,
  params: z
    .record(z.string(), z.union([z.number(), z.string()]))
    .default({})
    .describe("the detector's parameters (docs/detectors.md), e.g. { threshold: 4 }; omitted ones take defaults"),
  features: z
    .array(barFeature)
    .min(1)
    .optional()
    .describe('bar features a statistical or ML detector reads, e.g. [log_return, log_volume]; default per detector'),
  name: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, 'use lower-case letters, digits and _, e.g. cusum_range')
    .optional()
    .describe('another name for the detector, to list one detector twice on other features, e.g. cusum_range'),
};

const checkParams = (
  spec: { detector: (typeof DETECTOR_NAMES)[number]; params: Record<string, unknown> },
  context: z.RefinementCtx,
) => {
  for (const message of parameterProblems(spec.detector, spec.params))
    context.addIssue({ code: 'custom', message, path: ['params'] });
};

const customDetectorSchema = z
  .strictObject({
    ...detectorSpecShape,
    timeframes: z.array(timeframe).min(1).default(['1m']),
    calibration: calibrationSchema
      .optional()
      .describe(
        "turn scores into tail probabilities against the detector's own recent scores, e.g. { tailProbability: 0.001 }",
      ),
    protect: z.boolean().default(false).describe('true to skip learning from bars it flags (keeps its baseline clean)'),
  })
  .superRefine(checkParams);

const ensembleMemberSchema = z.strictObject(detectorSpecShape).superRefine(checkParams);

// Tuned with scripts/eval/tune-ensemble.ts on `simulate --symbols 10 --days 5 --seed 7`, confirmed
// on seed 11 (docs/evaluation.md): robust z-scores of return, volume and range, CUSUM on log volume
// (droughts, sustained surges), the volume rule against the larger of its 20-bar average and
// 1000-bar median (normal volume after a drought is no spike), missing bars (stale feeds), a robust
// z-score of the trade count (droughts, volatility regimes) and range_regime (the median range per
// √trade of 5 bars against its last 1000: volatility regimes) gave the best F1 of those tried.
const DEFAULT_ENSEMBLE_MEMBERS: Array<{
  detector: (typeof DETECTOR_NAMES)[number];
  params: Record<string, number>;
  features?: Array<z.infer<typeof barFeature>>;
  name?: string;
}> = [
  { detector: 'robust_zscore', params: {} },
  { detector: 'cusum', params: {} },
  { detector: 'volume_spike', params: { longLookback: 1000 } },
  { detector: 'bar_gap', params: {} },
  { detector: 'robust_zscore', params: {}, features: ['log_trades'], name: 'robust_zscore_trades' },
  { detector: 'range_regime', params: {} },
];

const ensembleSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('true or false'),
    timeframes: z.array(timeframe).min(1).default(['1m']),
    members: z
      .array(ensembleMemberSchema)
      .min(1)
      .default(DEFAULT_ENSEMBLE_MEMBERS)
      .describe('the detectors combined, e.g. [{ detector: volume_spike }, { detector: robust_zscore }]')
      .refine((members) => new Set(members.map((m) => m.name ?? m.detector)).size === members.length, {
        message: 'each detector may be a member once (give a repeated one another name, e.g. name: cusum_range)',
      }),
    tailProbability: z
      .number()
      .gt(0)
      .lt(1)
      .default(0.02)
      .describe(
        'combined tail probability that triggers (critical at a tenth of it), e.g. 0.02; at least members ÷ (calibrationWindow + 1), the smallest it can reach',
      ),
    calibrationWindow: z
      .number()
      .int()
      .min(10)
      .max(100_000)
      // 5000 rather than 2000: a steadier tail fit (250 scores above the 95th percentile), fewer false
      // alarms on both simulator seeds (docs/evaluation.md), for about 520 KiB per symbol and timeframe.
      .default(5000)
      .describe('recent scores kept per member and symbol, e.g. 5000'),
    minSamples: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(100)
      .describe('scores a member records before it counts, e.g. 100'),
    protect: z.boolean().default(false).describe('true to skip learning from bars the ensemble flags'),
  })
  .superRefine((ensemble, context) => {
    // Equal weights: a member's tail probability is at least 1 / (window + 1), so the combined one
    // is at least members / (window + 1); a lower threshold would never trigger.
    const floor = ensemble.members.length / (ensemble.calibrationWindow + 1);
    if (ensemble.tailProbability < floor) {
      context.addIssue({
        code: 'custom',
        path: ['tailProbability'],
        message: `${ensemble.tailProbability} can never trigger with ${ensemble.members.length} members and calibrationWindow ${ensemble.calibrationWindow} (the smallest combined tail probability is about ${floor.toPrecision(2)}): raise tailProbability or calibrationWindow`,
      });
    }
    if (ensemble.minSamples > ensemble.calibrationWindow) {
      context.addIssue({
        code: 'custom',
        path: ['minSamples'],
        message: 'minSamples must be at most calibrationWindow',
      });
    }
  })
  .prefault({});

const staleFeedSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('true or false'),
    maxSilenceSeconds: z
      .number()
      .gt(0)
      .default(60)
      .describe('seconds without a trade or quote during the session that raise a warning, e.g. 60'),
    criticalSilenceSeconds: z
      .number()
      .gt(0)
      .default(300)
      .describe('seconds of silence from which it is critical, at least maxSilenceSeconds, e.g. 300'),
  })
  .refine((c) => c.criticalSilenceSeconds >= c.maxSilenceSeconds, {
    message: 'criticalSilenceSeconds must be at least maxSilenceSeconds',
  })
  .prefault({});

const episodeSeconds = z
  .number()
  .min(0)
  .default(60)
  .describe(
    'triggered quotes or trades of a symbol at most this many seconds apart are one anomaly (0: each is one), e.g. 60',
  );

// Scores every quote: its relative spread against a geometric moving average of the symbol's own.
const spreadBlowoutSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('true or false'),
    threshold: z.number().gt(1).default(5).describe('multiple of the typical spread that raises a warning, e.g. 5'),
    criticalThreshold: z.number().gt(1).default(10).describe('multiple from which it is critical, e.g. 10'),
    halfLife: z.number().gt(0).default(500).describe('half-life of the typical spread, in quotes, e.g. 500'),
    warmUp: z.number().int().min(1).default(100).describe('quotes learnt before scoring, e.g. 100'),
    episodeSeconds,
  })
  .refine((c) => c.criticalThreshold >= c.threshold, { message: 'criticalThreshold must be at least threshold' })
  .prefault({});

// Scores every trade and quote: receive time minus event time.
const processingLatencySchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('true or false'),
    thresholdMs: z
      .number()
      .gt(0)
      .default(250)
      .describe('milliseconds between event and receive time that raise a warning, e.g. 250'),
    criticalThresholdMs: z.number().gt(0).default(2000).describe('milliseconds from which it is critical, e.g. 2000'),
    episodeSeconds,
  })
  .refine((c) => c.criticalThresholdMs >= c.thresholdMs, {
    message: 'criticalThresholdMs must be at least thresholdMs',
  })
  .prefault({});

// A pair's anomaly is reported on its first symbol; the second is its reference (e.g. an index ETF).
const correlationBreakSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('true or false (nothing runs while pairs is empty)'),
    pairs: z
      .array(
        z
          .tuple([z.string().min(1), z.string().min(1)])
          .refine(([a, b]) => a !== b, { message: 'a pair needs two different symbols' })
          .describe('two symbols: the one watched, then its reference, e.g. [AAPL, SPY]'),
      )
      .default([])
      .describe('symbol pairs whose return correlation is watched, e.g. [[AAPL, SPY], [ETH-USD, BTC-USD]]')
      .refine((pairs) => new Set(pairs.map((p) => p.join('/'))).size === pairs.length, {
        message: 'each pair may be listed once',
      }),
    timeframes: z.array(timeframe).min(1).default(['1m']),
    shortWindow: z.number().int().min(4).max(100_000).default(20).describe('recent bar returns correlated, e.g. 20'),
    longWindow: z
      .number()
      .int()
      .min(5)
      .max(100_000)
      .default(390)
      .describe(
        'bar returns of the reference correlation, more than shortWindow, e.g. 390 (one NYSE session of 1m bars)',
      ),
    threshold: z.number().gt(0).default(3).describe('|Fisher z| of short vs long correlation that triggers, e.g. 3'),
    criticalThreshold: z.number().gt(0).default(5).describe('|Fisher z| from which it is critical, e.g. 5'),
    standardise: z
      .boolean()
      .default(true)
      .describe(
        'true to divide each return by its own robust volatility before correlating (volatility swings then move the correlations less), e.g. true',
      ),
    // When the reference itself breaks, every pair against it does: blame it instead of each first symbol.
    referenceQuorum: z
      .number()
      .int()
      .min(0)
      .default(2)
      .describe(
        'other pairs of the same reference that must break within referenceMinutes to report the break on the reference, e.g. 2 (0: never)',
      ),
    referenceMinutes: z
      .number()
      .gt(0)
      .max(1440)
      .default(10)
      .describe('minutes within which pairs of one reference break together (their reports wait this long), e.g. 10'),
  })
  .superRefine((c, context) => {
    if (c.longWindow <= c.shortWindow)
      context.addIssue({ code: 'custom', path: ['longWindow'], message: 'longWindow must be more than shortWindow' });
    if (c.criticalThreshold < c.threshold)
      context.addIssue({
        code: 'custom',
        path: ['criticalThreshold'],
        message: 'criticalThreshold must be at least threshold',
      });
  })
  .prefault({});

const modelDetectorSchema = z.strictObject({
  detector: z
    .enum(MODEL_DETECTORS)
    .describe(`a trained model: ${MODEL_DETECTORS.join(' or ')} (train it first: tickwatch train; docs/models.md)`),
  timeframes: z
    .array(timeframe)
    .min(1)
    .default(['1m'])
    .describe('timeframes whose feature vectors it scores (each must be in pipeline.features.timeframes), e.g. [1m]'),
  version: z
    .number()
    .int()
    .positive()
    .nullable()
    .default(null)
    .describe('a model version to pin, e.g. 2; null for the latest under <dataDir>/models/<detector>/'),
});

const detectorsSchema = z
  .strictObject({
    volumeSpike: volumeSpikeSchema,
    priceSpike: priceSpikeSchema,
    staleFeed: staleFeedSchema,
    spreadBlowout: spreadBlowoutSchema,
    processingLatency: processingLatencySchema,
    ensemble: ensembleSchema,
    correlationBreak: correlationBreakSchema,
    models: z
      .array(modelDetectorSchema)
      .default([])
      .describe(
        'trained models that score feature vectors, e.g. [{ detector: isolation_forest, timeframes: [1m] }]; a missing one is skipped with a warning',
      )
      .refine((models) => new Set(models.map((m) => m.detector)).size === models.length, {
        message: 'each model may be listed once',
      }),
    custom: z
      .array(customDetectorSchema)
      .default([])
      .describe('more detectors, e.g. [{ detector: rsi_extremes, timeframes: [5m] }]'),
  })
  .prefault({});

const indicatorsSchema = z
  .strictObject({
    set: z
      .enum(['default', 'all', 'none'])
      .default('default')
      .describe('default (the common set), all (every indicator with default parameters) or none'),
    timeframes: z
      .array(timeframe)
      .optional()
      .describe(
        'timeframes whose closed bars get indicators, e.g. [1m, 5m, 1h]; default every configured timeframe of 1m or more',
      ),
    custom: z
      .array(
        z.strictObject({
          name: z
            .string()
            .min(1)
            .describe('an indicator name such as sma, ema, rsi, macd, bbands (see docs/indicators.md)'),
          params: z
            .array(z.number())
            .default([])
            .describe('positional parameters, e.g. [50] for sma_50; omitted ones take defaults'),
          timeframes: z.array(timeframe).optional().describe('limit to these timeframes'),
          symbols: z.array(z.string().min(1)).optional().describe('limit to these symbols'),
        }),
      )
      .default([])
      .describe('extra indicators or other parameters, e.g. [{ name: sma, params: [50] }]'),
  })
  .prefault({});

export const configSchema = z.strictObject({
  alerts: alertsConfigSchema,
  dataDir: z.string().min(1).default('./data').describe('a directory path; it is created if missing'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  source: sourceSchema,
  pipeline: z
    .strictObject({
      timeframes: z.array(timeframe).min(1).default(['1s', '1m', '5m', '15m', '1h', '1d']),
      validation: z
        .strictObject({
          maxFutureSkewMs: millis(5_000, 'milliseconds an event time may be ahead of the clock, e.g. 5000'),
          maxPastAgeMs: millis(
            7 * 86_400_000,
            'milliseconds an event time may be behind the clock, e.g. 604800000 (7 days)',
          ),
          allowedLatenessMs: millis(
            2_000,
            'milliseconds a trade may arrive out of order and still amend its bar, e.g. 2000',
          ),
          duplicateWindow: z
            .number()
            .int()
            .min(1)
            .max(10_000_000)
            .default(10_000)
            .describe('recent trade ids remembered per symbol, e.g. 10000'),
        })
        .prefault({}),
      bars: z
        .strictObject({
          closeDelayMs: millis(1_000, 'milliseconds after a window ends before a quiet feed closes it, e.g. 1000'),
          partialIntervalMs: z
            .number()
            .int()
            .min(0)
            .nullable()
            .default(250)
            .describe(
              'milliseconds of event time between forming-bar updates (0 = every trade, null = never), e.g. 250',
            ),
          fillGaps: z
            .boolean()
            .default(false)
            .describe('true to emit flat zero-volume bars for windows without trades'),
        })
        .prefault({}),
      detectors: detectorsSchema,
      indicators: indicatorsSchema,
      features: z
        .strictObject({
          timeframes: z
            .array(timeframe)
            .default(['1m', '5m'])
            .describe('timeframes whose closed bars get a feature vector, e.g. [1m, 5m]; [] turns features off'),
          correlationWindow: z
            .number()
            .int()
            .min(0)
            .max(10_000)
            .default(60)
            .describe('bar returns per cross-asset correlation, e.g. 60; 0 turns the matrix off'),
        })
        .prefault({}),
    })
    .prefault({}),
  store: z
    .strictObject({
      path: z.string().min(1).optional().describe('SQLite database file; default <dataDir>/tickwatch.db'),
      storeTrades: z.boolean().default(true).describe('true to keep every trade (tick) in the store'),
      storeQuotes: z.boolean().default(true).describe('true to keep every quote in the store'),
      tickRetentionDays: z.number().min(0).default(7).describe('days of trades and quotes kept; 0 keeps them forever'),
      batchSize: z
        .number()
        .int()
        .min(1)
        .max(1_000_000)
        .default(10_000)
        .describe('rows per write transaction, e.g. 10000'),
      flushIntervalMs: millis(250, 'milliseconds between writes when the batch is not full, e.g. 250'),
      checkpointIntervalMs: millis(
        30_000,
        'milliseconds between pipeline checkpoints (restart resumes from the last), e.g. 30000',
      ),
    })
    .prefault({}),
  server: z
    .strictObject({
      enabled: z
        .boolean()
        .default(true)
        .describe('true to serve the REST/WebSocket API and dashboard, false to run headless'),
      host: z
        .string()
        .min(1)
        .default('127.0.0.1')
        .describe('an address to bind: 127.0.0.1 (this machine only) or 0.0.0.0 (every interface; put TLS in front)'),
      port: z.number().int().min(0).max(65_535).default(8080).describe('a TCP port, e.g. 8080 (0 picks a free port)'),
      authPath: z
        .string()
        .min(1)
        .optional()
        .describe('SQLite file for users, sessions, API keys and the audit log; default <dataDir>/auth.db'),
      sessionIdleMinutes: z
        .number()
        .int()
        .min(1)
        .max(7 * 24 * 60)
        .default(30)
        .describe('minutes without a request after which a login session ends, e.g. 30'),
      sessionAbsoluteHours: z
        .number()
        .min(0.1)
        .max(24 * 90)
        .default(12)
        .describe('hours after login at which a session ends however active it is, e.g. 12'),
      loginMaxAttempts: z
        .number()
        .int()
        .min(1)
        .max(1000)
        .default(5)
        .describe('consecutive failed logins that lock an account, e.g. 5'),
      lockoutMinutes: z
        .number()
        .min(0.1)
        .max(24 * 60)
        .default(15)
        .describe('minutes an account stays locked after too many failed logins, e.g. 15'),
      loginRateLimitPerMinute: z
        .number()
        .int()
        .min(1)
        .max(10_000)
        .default(20)
        .describe('login attempts allowed per client address per minute, e.g. 20'),
      secureCookies: z
        .boolean()
        .default(false)
        .describe('true when users reach the server over HTTPS (e.g. behind a TLS proxy): cookies get the Secure flag'),
      trustProxy: z
        .boolean()
        .default(false)
        .describe(
          'true only behind a reverse proxy that sets X-Forwarded-For (client addresses for rate limits and the audit log)',
        ),
    })
    .prefault({}),
  liveView: z
    .strictObject({
      enabled: z.boolean().default(true).describe('true to print prices and anomalies in the terminal'),
      intervalMs: z.number().int().min(200).default(5_000).describe('milliseconds between price lines, e.g. 5000'),
    })
    .prefault({}),
  record: z
    .strictObject({
      enabled: z.boolean().default(false).describe('true to record every raw input event for replay'),
      dir: z.string().optional().describe('directory for recordings; default <dataDir>/recordings'),
    })
    .prefault({}),
});

export type TickwatchConfig = z.infer<typeof configSchema>;
