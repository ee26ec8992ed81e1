/**
 * Loads the configuration: YAML file (optional) → environment overrides → zod validation.
 * A bad config stops start-up with one line per problem, naming the field and the fix.
 *
 * Environment overrides: TICKWATCH_<PATH>, path segments separated by "__", e.g.
 *   TICKWATCH_SOURCE__SIMULATOR__SEED=7
 *   TICKWATCH_PIPELINE__TIMEFRAMES='[1m, 5m]'
 *   TICKWATCH_DATADIR=/var/lib/tickwatch
 * Segments match field names case-insensitively; values are read as YAML scalars or flow lists.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { selectIndicator } from '../indicators/catalog.js';
import { configSchema, type TickwatchConfig } from './schema.js';

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid configuration (${source}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_CONFIG_FILE = 'tickwatch.yaml';

export interface LoadOptions {
  /** Path given with --config; if absent, ./tickwatch.yaml is used when it exists. */
  readonly file?: string | undefined;
  readonly env?: NodeJS.ProcessEnv;
  /** Values from command-line flags, applied last (e.g. { dataDir: '/tmp/x' }). */
  readonly overrides?: Record<string, unknown>;
}

export interface LoadedConfig {
  readonly config: TickwatchConfig;
  /** The file read, or null when running on defaults. */
  readonly file: string | null;
}

export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  const file = options.file ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : null);
  let raw: unknown = {};
  if (file !== null) {
    if (!existsSync(file)) throw new ConfigError(file, [`file not found: ${file} — check the --config path`]);
    raw = parseYamlFile(file, readFileSync(file, 'utf8')) ?? {};
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      throw new ConfigError(file, ['the file must hold a YAML mapping (key: value lines), not a list or a scalar']);
    }
  }
  const withEnv = applyEnvOverrides(raw as Record<string, unknown>, options.env ?? process.env);
  const merged = deepMerge(withEnv, options.overrides ?? {});
  return { config: validateConfig(merged, file ?? 'defaults'), file };
}

export function validateConfig(raw: unknown, source: string): TickwatchConfig {
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(source, result.error.issues.map(describeIssue));
  const config = result.data;
  const problems: string[] = [];
  // Stale feeds, spreads and latency are watched on trades and quotes, not on a timeframe's bars.
  const {
    custom,
    models,
    staleFeed: _silence,
    spreadBlowout: _quotes,
    processingLatency: _latency,
    ...named
  } = config.pipeline.detectors;
  const detectorEntries = [...Object.entries(named), ...custom.map((entry, i) => [`custom.${i}`, entry] as const)];
  for (const [name, detector] of detectorEntries) {
    for (const tf of detector.timeframes) {
      if (!config.pipeline.timeframes.includes(tf)) {
        problems.push(
          `pipeline.detectors.${name}.timeframes: ${tf} is not built — fix: add ${tf} to pipeline.timeframes or use one of ${config.pipeline.timeframes.join(', ')}`,
        );
      }
    }
  }
  models.forEach((model, i) => {
    // Models score feature vectors, so their timeframes need features.
    for (const tf of model.timeframes) {
      if (!config.pipeline.features.timeframes.includes(tf)) {
        problems.push(
          `pipeline.detectors.models.${i}.timeframes: ${tf} has no feature vectors — fix: add ${tf} to pipeline.features.timeframes or use one of ${config.pipeline.features.timeframes.join(', ') || '(none configured)'}`,
        );
      }
    }
  });
  for (const tf of config.pipeline.features.timeframes) {
    if (!config.pipeline.timeframes.includes(tf)) {
      problems.push(
        `pipeline.features.timeframes: ${tf} is not built — fix: add ${tf} to pipeline.timeframes or remove it here`,
      );
    }
  }
  for (const tf of config.pipeline.indicators.timeframes ?? []) {
    if (!config.pipeline.timeframes.includes(tf)) {
      problems.push(
        `pipeline.indicators.timeframes: ${tf} is not built — fix: add ${tf} to pipeline.timeframes or remove it here`,
      );
    }
  }
  config.pipeline.indicators.custom.forEach((custom, i) => {
    try {
      selectIndicator(custom.name, custom.params);
    } catch (error) {
      problems.push(`pipeline.indicators.custom.${i}: ${(error as Error).message}`);
    }
  });
  if (problems.length > 0) throw new ConfigError(source, problems);
  return config;
}

function parseYamlFile(file: string, text: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const where = error.linePos?.[0]
        ? `line ${error.linePos[0].line}, column ${error.linePos[0].col}`
        : 'unknown position';
      throw new ConfigError(file, [`YAML syntax error at ${where}: ${error.message.split('\n')[0]}`]);
    }
    throw error;
  }
}

/** One readable line per zod issue: the field path, what is wrong, and how to fix it. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length === 0 ? '(top level)' : issue.path.join('.');
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length === 0 ? '' : ` in ${path}`;
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}${where}: remove ${issue.keys.length > 1 ? 'them' : 'it'} or check the spelling against config/tickwatch.example.yaml`;
  }
  // A message that already says how to fix it needs no generic hint.
  const hint = issue.message.includes('fix:') ? undefined : hintFor(issue.path);
  return `${path}: ${issue.message}${hint ? ` — fix: use ${hint}` : ''}`;
}

/** The description of the schema node at `path` (the fix hint), if any. */
function hintFor(path: readonly PropertyKey[]): string | undefined {
  let node: z.ZodType | undefined = configSchema;
  for (const key of path) {
    node = unwrap(node);
    if (node instanceof z.ZodObject && typeof key === 'string') node = node.shape[key] as z.ZodType | undefined;
    else if (node instanceof z.ZodArray) node = node.element as z.ZodType;
    else return undefined;
    if (!node) return undefined;
  }
  return node.description ?? unwrap(node)?.description;
}

function unwrap(node: z.ZodType | undefined): z.ZodType | undefined {
  let current = node;
  for (let i = 0; i < 8 && current; i++) {
    const def = current.def as { innerType?: z.ZodType; in?: z.ZodType };
    if (def.innerType) current = def.innerType;
    else if (def.in) current = def.in;
    else break;
  }
  return current;
}

function applyEnvOverrides(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const result = structuredClone(raw);
  const prefix = 'TICKWATCH_';
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(prefix) || value === undefined) continue;
    const segments = name.slice(prefix.length).split('__');
    let node: z.ZodType | undefined = configSchema;
    let target: Record<string, unknown> = result;
    const keys: string[] = [];
    for (const segment of segments) {
      const shape = unwrap(node);
      if (!(shape instanceof z.ZodObject)) {
        keys.length = 0;
        break;
      }
      const key = Object.keys(shape.shape).find((k) => k.toLowerCase() === segment.replaceAll('_', '').toLowerCase());
      if (!key) {
        keys.length = 0;
        break;
      }
      keys.push(key);
      node = shape.shape[key] as z.ZodType;
    }
    if (keys.length === 0) {
      throw new ConfigError(`environment variable ${name}`, [
        `${name} does not name a configuration field: use TICKWATCH_ followed by the field path with "__" between levels, e.g. TICKWATCH_SOURCE__SIMULATOR__SEED`,
      ]);
    }
    for (const key of keys.slice(0, -1)) {
      const next = target[key];
      if (typeof next !== 'object' || next === null) target[key] = {};
      target = target[key] as Record<string, unknown>;
    }
    target[keys[keys.length - 1] as string] = parseEnvValue(value);
  }
  return result;
}

function parseEnvValue(value: string): unknown {
  try {
    const parsed: unknown = parseYaml(value);
    return parsed ?? value;
  } catch {
    return value;
  }
}

function deepMerge(base: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const current = result[key];
    if (isPlainObject(value) && isPlainObject(current)) result[key] = deepMerge(current, value);
    else result[key] = value;
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
