/**
 * Versioned model files: `<dataDir>/models/<detector>/<version>/` holds `model.json` (the
 * metadata below, validated on load) and the detector's weight files (listed in `files`, each with
 * its SHA-256 so a truncated or edited file is caught). Versions are integers; a new model gets
 * the next one, so the latest is the highest and older ones stay for rollback. A version is
 * written into a temporary directory and renamed into place, so a reader never sees half a model.
 *
 * Loading never throws: it returns a typed result, and a missing or broken model is a warning
 * with what to do, so the run falls back to the rule and statistical detectors.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** Bump when the layout of model.json or of the weight files changes incompatibly. */
export const MODEL_FORMAT_VERSION = 1;

export const MODEL_DETECTORS = ['isolation_forest', 'lstm_autoencoder', 'half_space_trees'] as const;
export type ModelDetectorName = (typeof MODEL_DETECTORS)[number];

const finiteNumber = z.number().refine(Number.isFinite, 'must be finite');

export const modelMetadataSchema = z.object({
  detector: z.enum(MODEL_DETECTORS),
  formatVersion: z.number().int(),
  version: z.number().int().positive(),
  createdAt: z.string(),
  features: z.object({
    schemaVersion: z.number().int(),
    names: z.array(z.string()).min(1),
    center: z.array(finiteNumber),
    scale: z.array(finiteNumber.refine((s) => s > 0, 'must be > 0')),
    clip: finiteNumber,
  }),
  training: z.object({
    symbols: z.array(z.string()).min(1),
    timeframe: z.string(),
    /** ISO-8601 start (inclusive) and end (exclusive) of the bars trained on. */
    from: z.string(),
    to: z.string(),
    vectors: z.number().int().nonnegative(),
    seconds: finiteNumber,
  }),
  /** Detector-specific settings (e.g. window length, trees). */
  parameters: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  metrics: z.record(z.string(), finiteNumber),
  files: z.array(z.object({ name: z.string().regex(/^[\w.-]+$/), sha256: z.string().length(64) })),
});

export type ModelMetadata = z.infer<typeof modelMetadataSchema>;

export interface LoadedModelFiles {
  readonly metadata: ModelMetadata;
  readonly directory: string;
  /** Weight files by name. */
  readonly files: ReadonlyMap<string, Buffer>;
}

export type ModelLoadResult<T> =
  | {
      readonly status: 'loaded';
      readonly value: T;
      readonly version: number;
      readonly directory: string;
      /** The model's metadata (what it was trained on), when the result is a model. */
      readonly metadata?: ModelMetadata;
    }
  | { readonly status: 'missing' | 'invalid'; readonly warning: string };

export function modelsDirectory(dataDir: string, detector: string): string {
  return join(dataDir, 'models', detector);
}

/** Versions present for a detector, ascending. */
export async function modelVersions(dataDir: string, detector: string): Promise<number[]> {
  let entries: string[];
  try {
    entries = await readdir(modelsDirectory(dataDir, detector));
  } catch {
    return [];
  }
  return entries
    .filter((name) => /^[1-9]\d*$/.test(name))
    .map(Number)
    .sort((a, b) => a - b);
}

/** Writes a new version (the next integer) and returns its directory and version. */
export async function writeModel(
  dataDir: string,
  metadata: Omit<ModelMetadata, 'version' | 'files' | 'formatVersion'>,
  files: ReadonlyMap<string, Buffer | string>,
): Promise<{ directory: string; version: number; metadata: ModelMetadata }> {
  const root = modelsDirectory(dataDir, metadata.detector);
  await mkdir(root, { recursive: true });
  const versions = await modelVersions(dataDir, metadata.detector);
  const version = (versions.at(-1) ?? 0) + 1;
  const temporary = join(root, `.writing-${version}-${process.pid}`);
  await rm(temporary, { recursive: true, force: true });
  await mkdir(temporary);
  const listed: Array<{ name: string; sha256: string }> = [];
  for (const [name, content] of files) {
    await writeFile(join(temporary, name), content);
    listed.push({ name, sha256: sha256(content) });
  }
  const full: ModelMetadata = { ...metadata, formatVersion: MODEL_FORMAT_VERSION, version, files: listed };
  await writeFile(join(temporary, 'model.json'), `${JSON.stringify(full, null, 2)}\n`);
  const directory = join(root, String(version));
  await rename(temporary, directory);
  return { directory, version, metadata: full };
}

/** Reads and validates the latest (or a given) version's metadata and weight files. */
export async function readModelFiles(
  dataDir: string,
  detector: ModelDetectorName,
  version?: number,
): Promise<ModelLoadResult<LoadedModelFiles>> {
  const versions = await modelVersions(dataDir, detector);
  const chosen = version ?? versions.at(-1);
  const root = modelsDirectory(dataDir, detector);
  if (chosen === undefined || !versions.includes(chosen))
    return {
      status: 'missing',
      warning:
        `no ${detector} model${version === undefined ? '' : ` version ${version}`} in ${root}: ` +
        `train one with \`tickwatch train --detector ${detector} --symbols … --from … --to …\`; ` +
        'running without it (rule and statistical detectors only)',
    };
  const directory = join(root, String(chosen));
  const invalid = (why: string): ModelLoadResult<LoadedModelFiles> => ({
    status: 'invalid',
    warning: `${detector} model ${directory} cannot be used (${why}); running without it — retrain with \`tickwatch train --detector ${detector}\``,
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(join(directory, 'model.json'), 'utf8'));
  } catch (error) {
    return invalid(`model.json unreadable: ${(error as Error).message}`);
  }
  const checked = modelMetadataSchema.safeParse(parsed);
  if (!checked.success)
    return invalid(`model.json: ${checked.error.issues[0]?.path.join('.')} ${checked.error.issues[0]?.message}`);
  const metadata = checked.data;
  if (metadata.detector !== detector) return invalid(`it is a ${metadata.detector} model`);
  if (metadata.formatVersion !== MODEL_FORMAT_VERSION)
    return invalid(`format version ${metadata.formatVersion}, this tickwatch reads ${MODEL_FORMAT_VERSION}`);
  const d = metadata.features.names.length;
  if (metadata.features.center.length !== d || metadata.features.scale.length !== d)
    return invalid('feature scaling does not match the feature names');
  const files = new Map<string, Buffer>();
  for (const file of metadata.files) {
    let content: Buffer;
    try {
      content = await readFile(join(directory, file.name));
    } catch {
      return invalid(`${file.name} is missing`);
    }
    if (sha256(content) !== file.sha256) return invalid(`${file.name} does not match its checksum`);
    files.set(file.name, content);
  }
  return { status: 'loaded', value: { metadata, directory, files }, version: chosen, directory };
}

function sha256(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}
