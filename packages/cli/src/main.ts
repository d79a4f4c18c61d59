import * as tf from '@tensorflow/tfjs-core';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { selectBackend } from '@gantry/backend';
import { createParallelGan, resolveWorkers, type ParallelGan } from '@gantry/parallel';
import {
  buildComponent,
  ConfigError,
  createGan,
  deriveSeed,
  encodePng,
  GantryError,
  imageGrid,
  providers,
  registerPlugins,
  rootContainer,
  type Gan,
  type GanSpec,
} from '@gantry/core';
import { FileCheckpointStore, loadCheckpointFile, MetricsLog, RunReport, SampleGrid, TensorBoardLog, writeFileAtomic } from '@gantry/core/node';
import { parseRef, parseTrainArgs } from './config.js';
import { BUILTIN_PLUGINS, BUILTIN_PLUGINS_MODULE, loadPlugins } from './plugins.js';
import { formatDuration, ProgressBar } from './progress.js';

const USAGE = `gantry — train and sample GANs composed from Gantry plugins

Usage:
  gantry train [options]          train a GAN (default: DCGAN, non-saturating loss, MNIST)
  gantry sample --checkpoint P    draw a PNG grid from a trained generator
  gantry list [--plugin M]        list the objectives, architectures, data sets... available
  gantry eval --checkpoint P --metric NAME[:k=v,...]   evaluate metrics (inception-score, fid, kid, mmd, ...)
  gantry interpolate --checkpoint P [--a I --b J --count N --steps S --out F]
                                  recover z of data images I and J (BEGAN §4.2) and draw G between them

train options:
  --config FILE                   JSON config (spec keys + "run": {backend, out, sampleEvery, checkpointEvery, plugins,
                                  workers, syncBatchNorm})
  --data NAME[:k=v,...]           data set (mnist, fashion-mnist, ring, grid, gaussian-1d)
  --generator / --discriminator   architecture (dcgan, mlp); --discriminator none for G-only games
  --objective NAME[:k=v,...]      e.g. non-saturating, minimax, maximum-likelihood:labelSmoothing=0.1
  --regularizer NAME[:k=v,...]    repeatable, e.g. gradient-penalty:lambda=10
  --metric NAME[:k=v,...]         repeatable
  --steps N  --batch-size N  --seed N  --d-steps N (n_critic)
  --optimizer adam|rmsprop|sgd  --lr X  --lr-g X  --lr-d X  --beta1 X
  --on-nan stop|skip              what to do on a NaN/Inf loss or gradient (default stop)
  --backend auto|tensorflow-gpu|tensorflow|wasm|cpu   (default auto; env GANTRY_BACKEND)
  --out DIR                       run folder (default runs/latest); an existing run there is resumed
  --sample-every N  --checkpoint-every N
  --plugin MODULE                 repeatable: a third-party plugin package or file
  --workers N|auto                data-parallel replicas on this machine's cores (default auto:
                                  one per core, up to 4, on wasm/cpu for models big enough to
                                  gain; 1 for toy models and on native TensorFlow)
  --sync-bn true|false            with several workers, batch norm over the whole batch (default
                                  true) or over each worker's share (as unsynchronised DDP)
`;

/** Runs the CLI; returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'train':
        return await train(rest);
      case 'sample':
        return await sample(rest);
      case 'list':
        return await list(rest);
      case 'interpolate':
        return await interpolate(rest);
      case 'eval':
        return await evaluate(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return 0;
      default:
        throw new ConfigError(`Unknown command '${command}'. Commands: train, sample, eval, list, interpolate (see 'gantry help').`);
    }
  } catch (error) {
    if (error instanceof GantryError || (error instanceof Error && error.name === 'BackendUnavailableError')) {
      process.stderr.write(`\ngantry: error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

async function train(argv: readonly string[]): Promise<number> {
  const config = parseTrainArgs(argv);
  if (config.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const selection = await selectBackend(config.backend);
  const note = selection.kernels.length ? ` + Gantry kernels (${selection.kernels.join(', ')})` : '';
  // Native (OpenBLAS) kernels are 3–5× faster on wasm: say whether they are in use, and why not.
  const native = selection.nativeKernels.length
    ? ` + native OpenBLAS kernels (${selection.nativeKernels.join(', ')})`
    : selection.nativeKernelsReason ? ` — no native kernels: ${selection.nativeKernelsReason}` : '';
  log(`backend: ${selection.choice}${note}${native}${selection.skipped.length ? ` — skipped ${selection.skipped.map((s) => s.choice).join(', ')} (not installed)` : ''}`);
  const plugins = [...BUILTIN_PLUGINS, ...(await loadPlugins(config.plugins))];
  mkdirSync(config.out, { recursive: true });
  const store = new FileCheckpointStore(join(config.out, 'checkpoints'));
  const samples = new SampleGrid({ folder: join(config.out, 'samples'), every: config.sampleEvery });
  const spec: GanSpec = { ...config.spec, training: { ...config.spec.training, checkpointEvery: config.checkpointEvery } };
  writeFileAtomic(join(config.out, 'config.json'), `${JSON.stringify(spec, null, 2)}\n`);
  const callbacks = [
    new MetricsLog(join(config.out, 'metrics.jsonl')),
    samples,
    new TensorBoardLog(join(config.out, 'tensorboard'), { samples }),
    new RunReport(config.out, join(config.out, 'metrics.jsonl'), config.sampleEvery),
    new ProgressBar(),
  ];
  // Data parallelism (@gantry/parallel): this thread is replica 0, workers are replicas 1 … N−1.
  const batchSize = spec.training?.batchSize ?? 64;
  let gan: Gan;
  let close: () => void | Promise<void>;
  if (resolveWorkers(config.workers, { backend: selection.choice, batchSize }) > 1) {
    const parallel: ParallelGan = await createParallelGan(spec, {
      workers: config.workers,
      // Each worker thread imports the same plugin modules; --plugin paths and names resolve from here.
      plugins: [BUILTIN_PLUGINS_MODULE, ...config.plugins],
      syncBatchNorm: config.syncBatchNorm,
      checkpoints: store,
      callbacks,
    });
    if (parallel.workers > 1) {
      log(`data-parallel: ${parallel.workers} workers sharing each batch of ${batchSize}, ${config.syncBatchNorm ? 'synchronised' : 'per-worker'} batch norm`);
    }
    gan = parallel;
    close = parallel.close;
  } else {
    gan = await createGan(spec, { plugins, checkpoints: store, callbacks });
    close = () => gan.dispose();
  }
  // Ctrl-C, and SIGTERM from a job scheduler or `kill`, stop after the current step with a checkpoint.
  const onSignal = (signal: NodeJS.Signals) => {
    log(`\n${signal}: stopping after this step (checkpointing)… send it again to abort`);
    gan.trainer.requestStop();
    process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const resumed = await gan.trainer.resume();
    for (const s of store.skipped) log(`warning: skipped unreadable checkpoint ${s}`);
    const steps = gan.trainer.options.steps;
    log(
      resumed > 0
        ? `resuming ${config.out} at step ${resumed}/${steps}`
        : `training ${describe(spec)} for ${steps} steps (batch ${gan.trainer.options.batchSize}, seed ${gan.trainer.options.seed}) → ${config.out}`,
    );
    if (resumed === 0) samples.write(gan.trainer, 0);
    const started = Date.now();
    const result = await gan.trainer.fit();
    const last = gan.trainer.logs;
    log(
      `${result.reason} at step ${result.step} in ${formatDuration((Date.now() - started) / 1000)}` +
        (Object.keys(last).length ? ` — ${Object.entries(last).filter(([k]) => k.startsWith('loss/')).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ')}` : ''),
    );
    log(`samples: ${join(config.out, 'samples', 'latest.png')}  report: ${join(config.out, 'report.html')}  checkpoints: ${join(config.out, 'checkpoints')}`);
    return 0;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await close();
  }
}

/** Rebuilds the run a checkpoint (file or run folder) was written by, with its weights restored. */
async function loadRun(checkpoint: string | undefined, backend: string | undefined, pluginSpecs: readonly string[], command: string) {
  if (!checkpoint) throw new ConfigError(`gantry ${command} needs --checkpoint FILE (or a run folder).`);
  let path = checkpoint;
  if (existsSync(path) && statSync(path).isDirectory()) {
    const folder = existsSync(join(path, 'checkpoints')) ? join(path, 'checkpoints') : path;
    const newest = new FileCheckpointStore(folder).list().pop();
    if (!newest) throw new ConfigError(`No checkpoint in ${folder}.`);
    path = join(folder, newest);
  }
  const state = loadCheckpointFile(path);
  if (!state.spec) throw new ConfigError(`Checkpoint ${path} does not record the spec it was trained with; it cannot be rebuilt by name.`);
  await selectBackend(backend ?? 'auto');
  const plugins = [...BUILTIN_PLUGINS, ...(await loadPlugins(pluginSpecs))];
  const gan = await createGan(state.spec as GanSpec, { plugins });
  try {
    gan.trainer.restore(state);
  } catch (error) {
    gan.dispose();
    throw error;
  }
  return { gan, state };
}

const wholeNumber = (flag: string, value: string | undefined, fallback: number, min = 1): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new ConfigError(`--${flag} must be a whole number ≥ ${min}, got '${value}'.`);
  return n;
};

async function sample(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      checkpoint: { type: 'string' },
      out: { type: 'string' },
      count: { type: 'string' },
      seed: { type: 'string' },
      backend: { type: 'string' },
      plugin: { type: 'string', multiple: true },
    },
    strict: true,
  });
  const { gan, state } = await loadRun(values.checkpoint, values.backend, values.plugin ?? [], 'sample');
  try {
    const count = wholeNumber('count', values.count, 64);
    const images = gan.trainer.sample(count, wholeNumber('seed', values.seed, 1, 0));
    const out = values.out ?? 'samples.png';
    try {
      writeFileAtomic(out, encodePng(imageGrid(images, { range: gan.dataset.range, scale: 2 })));
    } finally {
      images.dispose();
    }
    log(`wrote ${count} samples from step ${state.step} to ${out}`);
    return 0;
  } finally {
    gan.dispose();
  }
}

/**
 * BEGAN's interpolation test: recover the latent codes of two real images by Adam on
 * |x − G(z)|, then draw G along the segment between them. Writes one PNG row:
 * real A, the interpolation, real B.
 */
async function interpolate(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      checkpoint: { type: 'string' },
      out: { type: 'string' },
      a: { type: 'string' },
      b: { type: 'string' },
      count: { type: 'string' },
      steps: { type: 'string' },
      backend: { type: 'string' },
      plugin: { type: 'string', multiple: true },
    },
    strict: true,
  });
  const { gan } = await loadRun(values.checkpoint, values.backend, values.plugin ?? [], 'interpolate');
  try {
    const size = gan.dataset.size;
    const a = wholeNumber('a', values.a, 0, 0);
    const b = wholeNumber('b', values.b, 1, 0);
    for (const [k, v] of [['a', a], ['b', b]] as const) {
      if (v >= size) throw new ConfigError(`--${k} must be an index of the data set (0 … ${size - 1}), got ${v}.`);
    }
    const count = wholeNumber('count', values.count, 8, 2);
    const real = gan.dataset.batch([a, b]).x;
    const { latentInterpolation } = await import('@gantry/arch-began');
    const result = latentInterpolation(gan.game.sampler, tf.slice(real, [0], [1]), tf.slice(real, [1], [1]), {
      count,
      steps: wholeNumber('steps', values.steps, 500),
    });
    const out = values.out ?? 'interpolation.png';
    const strip = tf.concat([tf.slice(real, [0], [1]), result.images, tf.slice(real, [1], [1])]);
    try {
      writeFileAtomic(out, encodePng(imageGrid(strip, { columns: count + 2, range: gan.dataset.range, scale: 2 })));
    } finally {
      tf.dispose([strip, real, result.images, result.codes]);
    }
    log(`recovered both codes (mean |x − G(z)| ${result.initialError.toFixed(4)} → ${result.finalError.toFixed(4)}); wrote real A, ${count} interpolated, real B to ${out}`);
    return 0;
  } finally {
    gan.dispose();
  }
}

/** Evaluates metrics (inception score, FID, KID, MMD, mode coverage...) on a checkpoint's generator. */
async function evaluate(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      checkpoint: { type: 'string' },
      metric: { type: 'string', multiple: true },
      backend: { type: 'string' },
      plugin: { type: 'string', multiple: true },
      json: { type: 'boolean' },
    },
    strict: true,
  });
  const refs = values.metric ?? [];
  if (refs.length === 0) throw new ConfigError("gantry eval needs at least one --metric (e.g. --metric inception-score --metric fid); 'gantry list' shows them.");
  const { gan, state } = await loadRun(values.checkpoint, values.backend, values.plugin ?? [], 'eval');
  try {
    const env = { seed: deriveSeed(state.seed, 'eval'), container: gan.container, sampleShape: gan.dataset.sampleShape, ...(gan.dataset.numClasses ? { numClasses: gan.dataset.numClasses } : {}) };
    const metrics = await Promise.all(refs.map((r) => buildComponent(gan.container, 'metric', parseRef(r), env)));
    const started = Date.now();
    const results = await gan.trainer.evaluate(metrics);
    if (values.json) process.stdout.write(`${JSON.stringify({ step: state.step, ...results })}\n`);
    else for (const [k, v] of Object.entries(results)) process.stdout.write(`${k.padEnd(28)} ${v.toPrecision(5)}\n`);
    log(`evaluated step ${state.step} in ${formatDuration((Date.now() - started) / 1000)}`);
    return 0;
  } finally {
    gan.dispose();
  }
}

async function list(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: { plugin: { type: 'string', multiple: true } }, strict: true });
  const container = rootContainer.createChildContainer();
  registerPlugins(container, [...BUILTIN_PLUGINS, ...(await loadPlugins(values.plugin ?? []))]);
  const byKind = new Map<string, string[]>();
  for (const p of providers(container)) byKind.set(p.kind, [...(byKind.get(p.kind) ?? []), `  ${p.name.padEnd(22)} ${p.description ?? ''}`]);
  for (const [kind, lines] of byKind) process.stdout.write(`${kind}s:\n${lines.join('\n')}\n`);
  return 0;
}

function describe(spec: GanSpec): string {
  const name = (r: unknown) => (typeof r === 'string' ? r : (r as { name?: string } | undefined)?.name ?? '—');
  if (spec.game) return `game ${name(spec.game)} on ${name(spec.data)}`; // a game replaces generator/discriminator/objective
  return `${name(spec.generator)}/${name(spec.discriminator)} with ${name(spec.objective)} on ${name(spec.data)}`;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}
