/**
 * Throughput section of `pnpm bench` (issue #9): a DCGAN-28 training step through
 * Gantry's trainer and through a minimal hand-written tfjs loop on the same backend,
 * as ms/step, images/s and achieved GFLOP/s — and that rate as a share of the
 * backend's own dense matmul rate, measured in the same run.
 *
 * Times are process CPU time per step (user + system, `process.cpuUsage`) next to wall
 * time: wasm runs kernels on one thread, so on a quiet machine CPU ≈ wall, while on a
 * shared machine wall time is inflated by other jobs and CPU time much less. Matmul
 * rate and steps are measured with the same clock, so the share is like for like.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createGan } from '@gantry/core';
import { dcganPlugin, discriminatorPlan, generatorPlan, layerMacs, type DcganShape } from '@gantry/arch-dcgan';
import { mnistPlugin } from '@gantry/data-mnist';
import { minimaxPlugin } from '@gantry/loss-minimax';
import { buildDcgan, dcganStep, dcganStepFlops } from '../packages/kernels/bench/dcgan-step.js';

const median = (a: readonly number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const cpuNow = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/** Dense matmul rate of the active backend: median over `reps` products of two n×n float32 matrices. */
export interface MatmulRate {
  readonly n: number;
  /** GFLOP/s by process CPU time (2n³ FLOPs per product). */
  readonly cpuGflops: number;
  /** GFLOP/s by wall time. */
  readonly wallGflops: number;
}

/**
 * Measures the backend's plain matmul `[n, n]·[n, n]` (2n³ FLOPs), the reference for
 * "how close to the backend's limit" a training step runs: on wasm this is XNNPACK's
 * f32 GEMM, the same micro-kernels its convolutions use. The right operand stays the
 * same tensor (its packing is cached, as for a layer's weights in a forward pass).
 */
export function measureMatmulRate(n = 1024, reps = 9): MatmulRate {
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  const run = (): void => tf.tidy(() => void tf.matMul(a, b).dataSync());
  run();
  run();
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < reps; i++) {
    const c0 = cpuNow();
    const t0 = performance.now();
    run();
    wall.push(performance.now() - t0);
    cpu.push(cpuNow() - c0);
  }
  tf.dispose([a, b]);
  const flops = 2 * n ** 3;
  return { n, cpuGflops: flops / median(cpu) / 1e6, wallGflops: flops / median(wall) / 1e6 };
}

/** FLOPs of one DCGAN-28 training step, counted from the architecture's layer plan. */
export interface StepFlops {
  /** Forward multiply–accumulates per sample of G and D, and of their first layers. */
  readonly gMacs: number;
  readonly dMacs: number;
  readonly gFirstMacs: number;
  readonly dFirstMacs: number;
  /** FLOPs (2 per MAC) of one step at `batch`. */
  readonly flops: number;
}

/**
 * FLOPs of one DCGAN-28 step (a D update on a real and a fake batch, then a G update),
 * from `@gantry/arch-dcgan`'s layer plan (conv, transposed conv and dense layers; BN,
 * activations and the optimiser are O(activations) and not counted). Every layer's
 * forward pass, weight gradient and input gradient cost the same MACs, so with ΣG, ΣD
 * the forward MACs per sample and G₀, D₀ those of the first layers (whose input
 * gradients — w.r.t. z and the real images — are never needed):
 *
 *   D update: G fwd (ΣG) + D fwd ×2 (2ΣD) + D ∂W ×2 (2ΣD) + D ∂x ×2 except layer 1 (2ΣD − 2D₀)
 *   G update: G fwd (ΣG) + D fwd (ΣD) + D ∂x (ΣD) + G ∂W (ΣG) + G ∂x except layer 1 (ΣG − G₀)
 *   step = 2·batch·(4ΣG − G₀ + 8ΣD − 2D₀) FLOPs
 *
 * = 20.58 GFLOP at batch 64 (ΣG = 27,345,920, ΣD = 6,629,504 MACs per sample).
 */
export function dcgan28StepFlops(batch = 64): StepFlops {
  const shape: DcganShape = { size: 28, channels: 1, latentDim: 100, width: 64, batchNorm: true };
  const macs = (plan: ReturnType<typeof generatorPlan>) => plan.map(layerMacs).filter((m) => m > 0);
  const g = macs(generatorPlan(shape));
  const d = macs(discriminatorPlan(shape));
  const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
  const gMacs = sum(g);
  const dMacs = sum(d);
  const flops = 2 * batch * (4 * gMacs - g[0] + 8 * dMacs - 2 * d[0]);
  return { gMacs, dMacs, gFirstMacs: g[0], dFirstMacs: d[0], flops };
}

/** One loop's timings. */
export interface LoopTiming {
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly minCpuMs: number;
}

/** Result of {@link benchGantryVsHandWritten}. */
export interface ThroughputResult {
  readonly backend: string;
  readonly steps: number;
  readonly flops: StepFlops;
  readonly matmul: MatmulRate;
  readonly gantry: LoopTiming;
  readonly handWritten: LoopTiming;
}

/**
 * DCGAN-28 (non-saturating loss, Adam(2e-4, 0.5), batch 64) on the active backend,
 * Gantry's `createGan` + `Trainer.trainStep` against a minimal hand-written tfjs loop
 * (`tf.variableGrads` + `tf.train.adam` over tfjs-layers models, from
 * `packages/kernels/bench/dcgan-step.ts`), steps interleaved so machine load hits both
 * alike; the matmul rate is measured before and after the steps and averaged.
 */
export async function benchGantryVsHandWritten(options: { steps?: number } = {}): Promise<ThroughputResult> {
  const steps = options.steps ?? 12;
  const flops = dcgan28StepFlops(64);
  const kernelsCount = dcganStepFlops(64);
  if (Math.abs(kernelsCount - flops.flops) > 1e-6 * flops.flops) {
    throw new Error(`FLOP counts disagree: arch plan ${flops.flops}, kernels bench ${kernelsCount}`);
  }
  const before = measureMatmulRate();
  const gan = await createGan(
    { data: 'mnist', generator: 'dcgan', discriminator: 'dcgan', objective: 'non-saturating', training: { batchSize: 64, seed: 0 } },
    { plugins: [mnistPlugin, dcganPlugin, minimaxPlugin] },
  );
  const hand = buildDcgan();
  const real = gan.dataset.batch(Array.from({ length: 64 }, (_, i) => i)).x as tf.Tensor4D;
  const g = { cpu: [] as number[], wall: [] as number[] };
  const h = { cpu: [] as number[], wall: [] as number[] };
  const time = (into: { cpu: number[]; wall: number[] }, f: () => void): void => {
    const c0 = cpuNow();
    const t0 = performance.now();
    f();
    into.wall.push(performance.now() - t0);
    into.cpu.push(cpuNow() - c0);
  };
  try {
    for (let i = 0; i < 2; i++) {
      gan.trainer.trainStep();
      dcganStep(hand, real);
    }
    for (let i = 0; i < steps; i++) {
      time(g, () => gan.trainer.trainStep());
      time(h, () => dcganStep(hand, real));
    }
  } finally {
    real.dispose();
    hand.dispose();
    gan.dispose();
  }
  const after = measureMatmulRate();
  const matmul: MatmulRate = {
    n: before.n,
    cpuGflops: (before.cpuGflops + after.cpuGflops) / 2,
    wallGflops: (before.wallGflops + after.wallGflops) / 2,
  };
  const timing = (t: { cpu: number[]; wall: number[] }): LoopTiming => ({ cpuMs: median(t.cpu), wallMs: median(t.wall), minCpuMs: Math.min(...t.cpu) });
  return { backend: tf.getBackend(), steps, flops, matmul, gantry: timing(g), handWritten: timing(h) };
}

/** Markdown tables of a {@link ThroughputResult}. */
export function formatThroughput(r: ThroughputResult): string[] {
  const gf = r.flops.flops;
  const rate = (ms: number) => gf / ms / 1e6;
  const share = (ms: number) => `${((100 * rate(ms)) / r.matmul.cpuGflops).toFixed(0)} %`;
  const row = (label: string, t: LoopTiming) =>
    `| ${label} | ${t.cpuMs.toFixed(0)} (min ${t.minCpuMs.toFixed(0)}) | ${t.wallMs.toFixed(0)} | ${((64 * 1000) / t.cpuMs).toFixed(0)} | ${rate(t.cpuMs).toFixed(1)} | ${share(t.cpuMs)} |`;
  return [
    `\nGantry trainer vs a minimal hand-written tfjs loop — DCGAN-28, non-saturating, batch 64, ${r.backend} + Gantry kernels, ` +
      `median of ${r.steps} interleaved steps; ${(gf / 1e9).toFixed(2)} GFLOP per step ` +
      `(2·64·(4ΣG − G₀ + 8ΣD − 2D₀), ΣG = ${r.flops.gMacs.toLocaleString('en')}, ΣD = ${r.flops.dMacs.toLocaleString('en')} MACs per sample)`,
    `${r.backend} matmul ${r.matmul.n}×${r.matmul.n}·${r.matmul.n}×${r.matmul.n} in the same run: ${r.matmul.cpuGflops.toFixed(1)} GFLOP/s ` +
      `(CPU time; ${r.matmul.wallGflops.toFixed(1)} by wall time)`,
    '| loop | CPU ms / step | wall ms / step | images / s (CPU) | GFLOP/s (CPU) | share of matmul rate |',
    '|---|---:|---:|---:|---:|---:|',
    row('Gantry (createGan + Trainer.trainStep)', r.gantry),
    row('hand-written (tf.variableGrads + tf.train.adam)', r.handWritten),
    `| ratio Gantry / hand-written | ${(r.gantry.cpuMs / r.handWritten.cpuMs).toFixed(3)} | ${(r.gantry.wallMs / r.handWritten.wallMs).toFixed(3)} | | | |`,
  ];
}
