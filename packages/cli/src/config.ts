import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, type ComponentRef, type GanSpec, type OptimizerSpec } from '@gantry/core';
import { configFileSchema, describeIssues } from './schema.js';

/** Everything `gantry train` needs: the GAN spec plus how to run it. */
export interface RunConfig {
  readonly spec: GanSpec;
  readonly backend: string;
  readonly out: string;
  readonly sampleEvery: number;
  readonly checkpointEvery: number;
  readonly plugins: readonly string[];
  /** Data-parallel replicas: a whole number ≥ 1, or 'auto' (one per core on wasm/cpu, 1 on native backends). */
  readonly workers: number | 'auto';
  /** With several workers: batch norm over the global batch (true) or per replica (false). */
  readonly syncBatchNorm: boolean;
}

/**
 * The default run: DCGAN with the non-saturating loss on MNIST (Radford et al. 2016
 * settings) at half the DCGAN-28 width (32 base filters), so that on one CPU core
 * (wasm, ~0.3 s/step) it shows recognisable digits within about eight minutes
 * (1500 steps). `--generator dcgan --discriminator dcgan` trains the full DCGAN-28.
 */
export const DEFAULT_SPEC: GanSpec = {
  data: 'mnist',
  generator: { name: 'dcgan', options: { width: 32 } },
  discriminator: { name: 'dcgan', options: { width: 32 } },
  objective: 'non-saturating',
  training: { steps: 1500, batchSize: 64, seed: 0 },
};

type RunKey = 'backend' | 'out' | 'sampleEvery' | 'checkpointEvery' | 'plugins' | 'workers' | 'syncBatchNorm';

const FLAGS = {
  config: { type: 'string' },
  data: { type: 'string' },
  generator: { type: 'string' },
  discriminator: { type: 'string' },
  objective: { type: 'string' },
  regularizer: { type: 'string', multiple: true },
  constraint: { type: 'string', multiple: true },
  metric: { type: 'string', multiple: true },
  game: { type: 'string' },
  steps: { type: 'string' },
  'batch-size': { type: 'string' },
  'd-steps': { type: 'string' },
  lr: { type: 'string' },
  'lr-g': { type: 'string' },
  'lr-d': { type: 'string' },
  optimizer: { type: 'string' },
  beta1: { type: 'string' },
  seed: { type: 'string' },
  'on-nan': { type: 'string' },
  backend: { type: 'string' },
  out: { type: 'string' },
  'sample-every': { type: 'string' },
  'checkpoint-every': { type: 'string' },
  plugin: { type: 'string', multiple: true },
  workers: { type: 'string' },
  'sync-bn': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parses `gantry train` arguments (and a `--config` file) into a validated {@link RunConfig}. */
export function parseTrainArgs(argv: readonly string[]): RunConfig & { help: boolean } {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: FLAGS, strict: true, allowPositionals: false });
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}. Run 'gantry train --help' for the options.`);
  }
  const v = parsed.values;
  const file = v.config ? readConfigFile(v.config) : {};
  const fileRun = (file.run ?? {}) as Record<string, unknown>;
  const { run: _run, ...fileSpec } = file;
  const base = { ...DEFAULT_SPEC, ...(fileSpec as GanSpec) };
  const training: Record<string, unknown> = { ...DEFAULT_SPEC.training, ...(fileSpec.training as object | undefined) };

  const int = (flag: string, value: string | undefined, min: number) => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new ConfigError(`--${flag} must be a whole number ≥ ${min}, got '${value}'.`);
    return n;
  };
  const num = (flag: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new ConfigError(`--${flag} must be a positive number, got '${value}'.`);
    return n;
  };
  if (v.steps !== undefined) training.steps = int('steps', v.steps, 0);
  if (v['batch-size'] !== undefined) training.batchSize = int('batch-size', v['batch-size'], 1);
  if (v.seed !== undefined) training.seed = int('seed', v.seed, 0);
  if (v['on-nan'] !== undefined) {
    if (v['on-nan'] !== 'stop' && v['on-nan'] !== 'skip') throw new ConfigError(`--on-nan must be 'stop' or 'skip', got '${v['on-nan']}'.`);
    training.onNonFinite = v['on-nan'];
  }
  const lr = num('lr', v.lr);
  const lrG = num('lr-g', v['lr-g']) ?? lr;
  const lrD = num('lr-d', v['lr-d']) ?? lr;
  const beta1 = v.beta1 === undefined ? undefined : Number(v.beta1);
  if (beta1 !== undefined && !(beta1 >= 0 && beta1 < 1)) throw new ConfigError(`--beta1 must be in [0, 1), got '${v.beta1}'.`);
  if (lrG !== undefined || lrD !== undefined || beta1 !== undefined || v.optimizer !== undefined) {
    const name = (v.optimizer ?? 'adam') as OptimizerSpec['name'];
    if (!['adam', 'rmsprop', 'sgd'].includes(name)) throw new ConfigError(`--optimizer must be adam, rmsprop or sgd, got '${name}'.`);
    const make = (learningRate: number | undefined): OptimizerSpec =>
      ({ name, learningRate: learningRate ?? (name === 'rmsprop' ? 5e-5 : 2e-4), ...(name === 'adam' ? { beta1: beta1 ?? 0.5, beta2: 0.999 } : {}) }) as OptimizerSpec;
    training.optimizers = { ...(training.optimizers as object | undefined), generator: make(lrG), discriminator: make(lrD), '*': make(lrG) };
  }
  const spec: GanSpec = {
    ...base,
    ...(v.data ? { data: parseRef(v.data) } : {}),
    ...(v.generator ? { generator: parseRef(v.generator) } : {}),
    ...(v.discriminator ? { discriminator: v.discriminator === 'none' ? undefined : parseRef(v.discriminator) } : {}),
    ...(v.objective ? { objective: parseRef(v.objective) } : {}),
    ...(v.game ? { game: parseRef(v.game) } : {}),
    ...(v.regularizer ? { regularizers: v.regularizer.map(parseRef) } : {}),
    ...(v.constraint ? { constraints: v.constraint.map(parseRef) } : {}),
    ...(v.metric ? { metrics: v.metric.map(parseRef) } : {}),
    ...(v['d-steps'] ? { discriminatorSteps: int('d-steps', v['d-steps'], 1) } : {}),
    training,
  };
  const runValue = <T>(flag: T | undefined, key: RunKey, fallback: T): T =>
    flag ?? ((fileRun[key] as T | undefined) ?? fallback);
  let workers: number | 'auto' | undefined;
  if (v.workers !== undefined) workers = v.workers === 'auto' ? 'auto' : int('workers', v.workers, 1);
  let syncBatchNorm: boolean | undefined;
  if (v['sync-bn'] !== undefined) {
    if (v['sync-bn'] !== 'true' && v['sync-bn'] !== 'false') throw new ConfigError(`--sync-bn must be 'true' or 'false', got '${v['sync-bn']}'.`);
    syncBatchNorm = v['sync-bn'] === 'true';
  }
  return {
    spec,
    backend: runValue(v.backend, 'backend', process.env.GANTRY_BACKEND ?? 'auto'),
    out: runValue(v.out, 'out', 'runs/latest'),
    sampleEvery: runValue(int('sample-every', v['sample-every'], 1), 'sampleEvery', 100),
    checkpointEvery: runValue(int('checkpoint-every', v['checkpoint-every'], 1), 'checkpointEvery', 100),
    plugins: [...((fileRun.plugins as string[] | undefined) ?? []), ...(v.plugin ?? [])],
    workers: runValue(workers, 'workers', 'auto'),
    syncBatchNorm: runValue(syncBatchNorm, 'syncBatchNorm', true),
    help: v.help ?? false,
  };
}

/**
 * `name` or `name:key=value,key=value` → a component reference. Values are parsed
 * as JSON where they can be (`lambda=10`, `classes=[1,7]`, `flag=true`), else kept
 * as strings.
 */
export function parseRef(text: string): ComponentRef {
  const colon = text.indexOf(':');
  if (colon < 0) return text;
  const name = text.slice(0, colon);
  const options: Record<string, unknown> = {};
  for (const pair of splitTopLevel(text.slice(colon + 1))) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new ConfigError(`Bad option '${pair}' in '${text}': write key=value, e.g. '${name}:lambda=10'.`);
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      /* a bare string */
    }
    options[pair.slice(0, eq)] = value;
  }
  return { name, options };
}

function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '[' || text[i] === '{') depth++;
    else if (text[i] === ']' || text[i] === '}') depth--;
    else if (text[i] === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out.filter((s) => s.length > 0);
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`Config file not found: ${path}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`Config file ${path} is not valid JSON: ${(error as Error).message}.`);
  }
  const parsed = configFileSchema.safeParse(json);
  if (!parsed.success) throw new ConfigError(`Config file ${path} is invalid: ${describeIssues(parsed.error)}.`);
  return parsed.data as Record<string, unknown>;
}
