/**
 * DCGAN-28 training-step benchmark for `@gantry/kernels`.
 *
 * Measures ms per training step (one D update on a real + a fake batch, then
 * one G update; non-saturating loss, Adam(2e-4, β1 = 0.5)) on the wasm and
 * cpu backends with and without Gantry's kernels, reports GFLOP/s over the
 * conv/dense multiply–accumulates a step executes, and profiles the wasm step
 * kernel by kernel with `tf.profile`.
 *
 * Run directly:  `pnpm exec tsx --conditions=@gantry/source packages/kernels/bench/dcgan-step.ts [--quick]`
 * or import {@link runDcganBench} / {@link benchDcganStep} / {@link profileDcganStep}.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// tfjs-layers' Node bundle also registers all gradients (the tfjs-core deep import
// dist/register_all_gradients does not resolve under plain Node ESM).
import * as tfl from '@tensorflow/tfjs-layers';
import { convFlops, registerGantryKernels, unregisterGantryKernels } from '../src/index.js';
import type { RegisterOptions } from '../src/index.js';

/** Options for one {@link benchDcganStep} measurement. */
export interface DcganBenchOptions {
  /** 'wasm' | 'cpu'. */
  backend: 'wasm' | 'cpu';
  /** Install Gantry's kernels (`registerGantryKernels`) before measuring. */
  gantryKernels: boolean;
  /** Kernel options, e.g. `{ backpropInput: false }` to keep wasm's stock Conv2DBackpropInput. */
  kernelOptions?: RegisterOptions;
  /** Batch size (default 64). */
  batch?: number;
  /** Untimed warm-up steps (default 2). */
  warmup?: number;
  /** Timed steps (default 5). */
  steps?: number;
  /** wasm only: also install `@gantry/kernels-native` (OpenBLAS) on top of Gantry's kernels. */
  native?: boolean;
}

/** Result of {@link benchDcganStep}. */
export interface DcganBenchResult {
  backend: string;
  gantryKernels: boolean;
  batch: number;
  steps: number;
  /** Median wall time per step, ms (null when the step throws, see `error`). */
  msPerStep: number | null;
  /** Fastest step, ms. */
  minMs?: number;
  /** Median / fastest process CPU time (user + system) per step, ms: robust to other jobs sharing the cores. */
  cpuMs?: number;
  minCpuMs?: number;
  /** Conv + dense FLOPs per step / time. */
  gflops: number | null;
  /** Error message when the step cannot run (e.g. missing kernel). */
  error?: string;
}

/** A DCGAN-28 model pair plus its Adam optimisers. */
export interface Dcgan {
  generator: tfl.Sequential;
  discriminator: tfl.Sequential;
  gOpt: tf.Optimizer;
  dOpt: tf.Optimizer;
  latentDim: number;
  dispose(): void;
}

/**
 * Build DCGAN-28. G: Dense(100→7·7·256, no bias)+BN+ReLU → reshape →
 * Conv2DTranspose(128, k4, s2, same, no bias)+BN+ReLU → Conv2DTranspose(1, k4,
 * s2, same)+tanh. D: Conv2D(64, k4, s2, same)+LeakyReLU(0.2) → Conv2D(128, k4,
 * s2, same, no bias)+BN+LeakyReLU(0.2) → Flatten → Dense(1).
 */
export function buildDcgan(latentDim = 100): Dcgan {
  const generator = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [latentDim], units: 7 * 7 * 256, useBias: false }),
      tfl.layers.batchNormalization(),
      tfl.layers.reLU(),
      tfl.layers.reshape({ targetShape: [7, 7, 256] }),
      tfl.layers.conv2dTranspose({ filters: 128, kernelSize: 4, strides: 2, padding: 'same', useBias: false }),
      tfl.layers.batchNormalization(),
      tfl.layers.reLU(),
      tfl.layers.conv2dTranspose({ filters: 1, kernelSize: 4, strides: 2, padding: 'same', activation: 'tanh' }),
    ],
  });
  const discriminator = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 64, kernelSize: 4, strides: 2, padding: 'same' }),
      tfl.layers.leakyReLU({ alpha: 0.2 }),
      tfl.layers.conv2d({ filters: 128, kernelSize: 4, strides: 2, padding: 'same', useBias: false }),
      tfl.layers.batchNormalization(),
      tfl.layers.leakyReLU({ alpha: 0.2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 1 }),
    ],
  });
  const gOpt = tf.train.adam(2e-4, 0.5);
  const dOpt = tf.train.adam(2e-4, 0.5);
  return {
    generator, discriminator, gOpt, dOpt, latentDim,
    dispose() { generator.dispose(); discriminator.dispose(); gOpt.dispose(); dOpt.dispose(); },
  };
}

const trainableVars = (m: tfl.Sequential): tf.Variable[] => m.trainableWeights.map((w) => w.read() as tf.Variable);

/**
 * One DCGAN training step: a D update on `real` and a fresh fake batch
 * (loss = σCE(1, D(x)) + σCE(0, D(G(z)))), then a G update
 * (loss = σCE(1, D(G(z))), non-saturating), each via `tf.variableGrads` +
 * `optimizer.applyGradients` inside `tf.tidy`.
 */
export function dcganStep(gan: Dcgan, real: tf.Tensor4D): void {
  const batch = real.shape[0];
  const { generator: g, discriminator: d } = gan;
  const train = { training: true };
  tf.tidy(() => {
    const z = tf.randomNormal([batch, gan.latentDim]);
    const { grads } = tf.variableGrads(() => {
      const fake = g.apply(z, train) as tf.Tensor;
      const realLogits = d.apply(real, train) as tf.Tensor;
      const fakeLogits = d.apply(fake, train) as tf.Tensor;
      return tf.add(
        tf.losses.sigmoidCrossEntropy(tf.onesLike(realLogits), realLogits),
        tf.losses.sigmoidCrossEntropy(tf.zerosLike(fakeLogits), fakeLogits),
      ) as tf.Scalar;
    }, trainableVars(d));
    gan.dOpt.applyGradients(grads);
  });
  tf.tidy(() => {
    const z = tf.randomNormal([batch, gan.latentDim]);
    const { grads } = tf.variableGrads(() => {
      const fakeLogits = d.apply(g.apply(z, train) as tf.Tensor, train) as tf.Tensor;
      return tf.losses.sigmoidCrossEntropy(tf.onesLike(fakeLogits), fakeLogits) as tf.Scalar;
    }, trainableVars(g));
    gan.gOpt.applyGradients(grads);
  });
}

/**
 * Conv + dense FLOPs of one DCGAN-28 step at `batch` (2 per multiply–add):
 * forward passes, plus the backward products tfjs actually runs (no input
 * gradient for data/latent inputs or towards variables outside the updated
 * model: D's update runs D's dW + dx except at its image input, G's update
 * runs D's dx only and G's dW + dx).
 */
export function dcganStepFlops(batch: number): number {
  const n = batch;
  const gDense = 2 * n * 100 * 7 * 7 * 256;
  const gT1 = convFlops(n, 7, 7, 4, 4, 128, 256); // conv2dTranspose 7×7×256 → 14×14×128 (= conv 14→7)
  const gT2 = convFlops(n, 14, 14, 4, 4, 1, 128); // 14×14×128 → 28×28×1
  const dC1 = convFlops(n, 14, 14, 4, 4, 1, 64);
  const dC2 = convFlops(n, 7, 7, 4, 4, 64, 128);
  const dDense = 2 * n * 7 * 7 * 128;
  const gFwd = gDense + gT1 + gT2;
  const dFwd = dC1 + dC2 + dDense;
  const dStep = gFwd + 2 * dFwd + 2 * (dC1 /* dW */ + 2 * dC2 + 2 * dDense);
  const gStep = gFwd + dFwd + (dC1 + dC2 + dDense) /* D dx */ + (gDense /* dW */ + 2 * gT1 + 2 * gT2);
  return dStep + gStep;
}

function makeRealBatch(batch: number): tf.Tensor4D {
  return tf.tidy(() => tf.tanh(tf.randomNormal([batch, 28, 28, 1])) as tf.Tensor4D);
}

/** Set the backend and install (or remove) Gantry's kernels for it. */
async function useBackend(backend: 'wasm' | 'cpu', gantryKernels: boolean, kernelOptions?: DcganBenchOptions['kernelOptions'], native = false): Promise<void> {
  await tf.setBackend(backend);
  await tf.ready();
  await releaseKernels(backend);
  if (gantryKernels) registerGantryKernels(backend, kernelOptions);
  if (native) {
    const n = await import('@gantry/kernels-native');
    if (!n.nativeKernelsAvailable()) throw new Error(`native kernels unavailable: ${n.nativeKernelsStatus().reason}`);
    n.registerNativeKernels();
  }
}

/** Back to tfjs's stock kernels: native ones first (they restore Gantry's), then Gantry's. */
async function releaseKernels(backend: 'wasm' | 'cpu'): Promise<void> {
  if (backend === 'wasm') {
    const n = await import('@gantry/kernels-native').catch(() => null);
    n?.unregisterNativeKernels();
  }
  unregisterGantryKernels(backend);
}

/** Measure ms per DCGAN-28 step for one configuration (restores stock kernels afterwards). */
export async function benchDcganStep(options: DcganBenchOptions): Promise<DcganBenchResult> {
  const batch = options.batch ?? 64;
  const warmup = options.warmup ?? 2;
  const steps = options.steps ?? 5;
  await useBackend(options.backend, options.gantryKernels, options.kernelOptions, options.native);
  const gan = buildDcgan();
  const real = makeRealBatch(batch);
  const base = { backend: options.backend, gantryKernels: options.gantryKernels, batch, steps };
  try {
    for (let i = 0; i < warmup; i++) dcganStep(gan, real);
    const times: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < steps; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      dcganStep(gan, real);
      await gan.generator.getWeights()[0].data(); // wasm/cpu are synchronous; a barrier anyway
      times.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }
    times.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    const ms = times[Math.floor(times.length / 2)]; // median: robust to other load on the machine
    return {
      ...base, msPerStep: ms, minMs: times[0], cpuMs: cpu[Math.floor(cpu.length / 2)], minCpuMs: cpu[0],
      gflops: dcganStepFlops(batch) / ms / 1e6,
    };
  } catch (e) {
    return { ...base, msPerStep: null, gflops: null, error: (e as Error).message.split('\n')[0] };
  } finally {
    real.dispose();
    gan.dispose();
    await releaseKernels(options.backend);
  }
}

/** Per-kernel totals of a profiled step, sorted by time. */
export interface KernelProfileRow { name: string; calls: number; totalMs: number; percent: number }

/**
 * Profile one DCGAN-28 step with `tf.profile` (kernel times measured as process
 * CPU time) and aggregate kernel time by
 * kernel name (customGrad op scopes `*__op` are dropped as they wrap kernels
 * that are listed on their own) (Gantry kernels call their sub-kernels directly, so their time
 * is attributed to `Conv2DBackpropFilter` / `Conv2DBackpropInput`).
 */
export async function profileDcganStep(backend: 'wasm' | 'cpu' = 'wasm', batch = 64, gantryKernels = true, native = false): Promise<{ wallMs: number; rows: KernelProfileRow[] }> {
  await useBackend(backend, gantryKernels, undefined, native);
  const gan = buildDcgan();
  const real = makeRealBatch(batch);
  try {
    dcganStep(gan, real);
    dcganStep(gan, real);
    // Kernel times as process CPU time (user + system), not wall clock, so other jobs sharing
    // the cores do not inflate them (wasm and cpu run kernels on this one thread).
    const be = tf.backend() as unknown as { time(f: () => void): Promise<{ kernelMs: number }> };
    const wallTime = be.time;
    be.time = async (f) => { const c0 = process.cpuUsage(); f(); const c = process.cpuUsage(c0); return { kernelMs: (c.user + c.system) / 1000 }; };
    const t0 = performance.now();
    let info: Awaited<ReturnType<typeof tf.profile>>;
    try {
      info = await tf.profile(() => { dcganStep(gan, real); });
    } finally {
      be.time = wallTime;
    }
    const wallMs = performance.now() - t0;
    const byName = new Map<string, { calls: number; ms: number }>();
    for (const k of info.kernels) {
      // `xxx__op` entries are customGrad op scopes (e.g. fusedConv2d__op) wrapping a
      // kernel that is listed separately: skip them to avoid double counting.
      if (k.name.endsWith('__op')) continue;
      const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      const e = byName.get(k.name) ?? { calls: 0, ms: 0 };
      e.calls++; e.ms += ms;
      byName.set(k.name, e);
    }
    const total = [...byName.values()].reduce((a, b) => a + b.ms, 0);
    const rows = [...byName.entries()]
      .map(([name, e]) => ({ name, calls: e.calls, totalMs: e.ms, percent: (100 * e.ms) / total }))
      .sort((a, b) => b.totalMs - a.totalMs);
    return { wallMs, rows };
  } finally {
    real.dispose();
    gan.dispose();
    await releaseKernels(backend);
  }
}

/** Options of {@link runDcganBench}. */
export interface RunDcganBenchOptions {
  /** Fewer steps and skip the slow cpu-stock run. */
  quick?: boolean;
  /** Batch used to measure cpu with stock kernels, extrapolated linearly to 64 (default 4; 0 = skip). */
  cpuStockBatch?: number;
  /** Print to the console (default true). */
  log?: (line: string) => void;
}

/**
 * Run the whole benchmark: wasm stock / wasm + filter kernel only / wasm +
 * conv kernels / + Tile and BatchMatMul / wasm + all Gantry kernels, cpu stock (small batch, extrapolated) / cpu + Gantry, then the
 * top-10 kernel profile of the wasm + Gantry step. Prints tables and returns
 * the raw results.
 */
export async function runDcganBench(options: RunDcganBenchOptions = {}): Promise<{ results: (DcganBenchResult & { label: string; note?: string })[]; profile: KernelProfileRow[] }> {
  const log = options.log ?? ((s: string) => console.log(s));
  const quick = options.quick ?? false;
  const cpuStockBatch = options.cpuStockBatch ?? (quick ? 0 : 4);
  const results: (DcganBenchResult & { label: string; note?: string })[] = [];

  results.push({ label: 'wasm, stock tfjs', ...(await benchDcganStep({ backend: 'wasm', gantryKernels: false, warmup: 1, steps: 1 })) });
  results.push({
    label: 'wasm, Gantry BackpropFilter only',
    ...(await benchDcganStep({
      backend: 'wasm', gantryKernels: true, warmup: 1, steps: quick ? 2 : 3,
      kernelOptions: {
        backpropInput: false, tile: false, batchMatMul: false, reductions: false, identity: false, smallChannelGemm: false, elementwise: false, gradients: false,
      },
    })),
  });
  results.push({
    label: 'wasm, Gantry conv kernels only (stock Tile/BatchMatMul)',
    ...(await benchDcganStep({
      backend: 'wasm', gantryKernels: true, warmup: 2, steps: quick ? 3 : 10,
      kernelOptions: { tile: false, batchMatMul: false, reductions: false, identity: false, smallChannelGemm: false, elementwise: false, gradients: false },
    })),
  });
  results.push({
    label: 'wasm, Gantry conv kernels + Tile + BatchMatMul',
    ...(await benchDcganStep({
      backend: 'wasm', gantryKernels: true, warmup: 2, steps: quick ? 3 : 10,
      kernelOptions: { reductions: false, identity: false, smallChannelGemm: false, elementwise: false, gradients: false },
    })),
  });
  results.push({ label: 'wasm, all Gantry kernels', ...(await benchDcganStep({ backend: 'wasm', gantryKernels: true, warmup: 2, steps: quick ? 3 : 10 })) });
  const nativeStatus = (await import('@gantry/kernels-native').catch(() => null))?.nativeKernelsStatus();
  const nativeLabel = `wasm, Gantry + native OpenBLAS kernels (${nativeStatus?.coreName ?? 'not built'})`;
  if (nativeStatus?.available) {
    results.push({ label: nativeLabel, ...(await benchDcganStep({ backend: 'wasm', gantryKernels: true, native: true, warmup: 2, steps: quick ? 3 : 10 })) });
  } else {
    results.push({ label: nativeLabel, backend: 'wasm', gantryKernels: true, batch: 64, steps: 0, msPerStep: null, gflops: null, note: `skipped: ${nativeStatus?.reason ?? '@gantry/kernels-native not installed'}` });
  }
  if (cpuStockBatch > 0) {
    const r = await benchDcganStep({ backend: 'cpu', gantryKernels: false, batch: cpuStockBatch, warmup: 0, steps: 1 });
    const scale = 64 / cpuStockBatch;
    results.push({
      label: 'cpu, stock tfjs',
      ...r,
      batch: 64,
      msPerStep: r.msPerStep == null ? null : r.msPerStep * scale,
      gflops: r.msPerStep == null ? null : dcganStepFlops(64) / (r.msPerStep * scale) / 1e6,
      note: `EXTRAPOLATED ×${scale} from 1 step at batch ${cpuStockBatch} (${r.msPerStep?.toFixed(0)} ms)`,
    });
  } else {
    results.push({ label: 'cpu, stock tfjs', backend: 'cpu', gantryKernels: false, batch: 64, steps: 0, msPerStep: null, gflops: null, note: 'skipped (~260 s/step)' });
  }
  results.push({ label: 'cpu, Gantry kernels', ...(await benchDcganStep({ backend: 'cpu', gantryKernels: true, warmup: 1, steps: 1 })) });

  log(`\nDCGAN-28 training step (D update + G update), batch 64, ${(dcganStepFlops(64) / 1e9).toFixed(1)} GFLOP conv+dense per step`);
  log('| configuration | ms / step | CPU ms / step | GFLOP/s | note |');
  log('|---|---:|---:|---:|---|');
  for (const r of results) {
    const ms = r.msPerStep == null ? (r.steps === 0 ? '—' : 'fails') : r.msPerStep.toFixed(0);
    const cpu = r.cpuMs == null ? '—' : r.cpuMs.toFixed(0);
    const gf = r.gflops == null ? '—' : r.gflops.toFixed(2);
    log(`| ${r.label} | ${ms} | ${cpu} | ${gf} | ${r.error ?? r.note ?? `median of ${r.steps} step(s), min ${r.minMs?.toFixed(0)} ms`} |`);
  }

  const native = nativeStatus?.available ?? false;
  const prof = await profileDcganStep('wasm', 64, true, native);
  const top = prof.rows.slice(0, 10);
  log(`\nwasm + Gantry kernels${native ? ' + native kernels' : ''}, one profiled step (wall ${prof.wallMs.toFixed(0)} ms incl. profiler overhead): top kernels`);
  log('| kernel | calls | ms | % of kernel time |');
  log('|---|---:|---:|---:|');
  for (const r of top) log(`| ${r.name} | ${r.calls} | ${r.totalMs.toFixed(1)} | ${r.percent.toFixed(1)} |`);
  return { results, profile: prof.rows };
}

const isMain = typeof process !== 'undefined' && process.argv[1] != null && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain) {
  await runDcganBench({ quick: process.argv.includes('--quick') });
}
