/**
 * Benchmark of `@gantry/kernels-native` on the DCGAN-28 shapes (batch 64), wasm backend.
 *
 * 1. GFLOP/s of each kernel (Conv2D, Conv2DBackpropInput, Conv2DBackpropFilter, BatchMatMul) on every
 *    geometry a DCGAN-28 step runs, native (OpenBLAS) vs Gantry's wasm kernels (XNNPACK compositions).
 * 2. ms per DCGAN-28 training step (one D update on a real + a fake batch, one G update; the model of
 *    `packages/kernels/bench/dcgan-step.ts`) with Gantry's wasm kernels, without and with native kernels.
 *
 * Times are medians; process CPU time (`process.cpuUsage`, user + system) is given next to wall time
 * because the 2-core machine is often shared: for these single-threaded kernels CPU time ≈ the
 * wall time on a quiet machine.
 *
 * Run: `pnpm exec tsx --conditions=@gantry/source packages/kernels-native/bench/bench.ts [--quick]`
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels, unregisterWasmKernels } from '@gantry/kernels';
import { buildDcgan, dcganStep } from '../../kernels/bench/dcgan-step.js';
import { nativeKernelsStatus, registerNativeKernels, unregisterNativeKernels } from '../src/index.js';

const quick = process.argv.includes('--quick');
const B = 64;

interface KernelCase {
  label: string;
  kernel: 'Conv2D' | 'Conv2DBackpropInput' | 'Conv2DBackpropFilter' | 'BatchMatMul';
  inputs: Record<string, number[]>;
  attrs: Record<string, unknown>;
  flops: number;
}

/** The three conv kernels of one forward geometry x[n,h,w,ci] * W[k,k,ci,co], stride 2, 'same'. */
function convCases(label: string, x: [number, number, number, number], f: [number, number, number, number]): KernelCase[] {
  const info = tf.backend_util.computeConv2DInfo(x, f, 2, 1, 'same');
  const flops = 2 * info.outShape.reduce((a, b) => a * b, 1) * f[0] * f[1] * f[2];
  const base = { strides: [2, 2], pad: 'same', dataFormat: 'NHWC', dimRoundingMode: undefined };
  return [
    { label, kernel: 'Conv2D', inputs: { x, filter: f }, attrs: { ...base, dilations: [1, 1] }, flops },
    { label, kernel: 'Conv2DBackpropInput', inputs: { dy: info.outShape, filter: f }, attrs: { ...base, inputShape: x }, flops },
    { label, kernel: 'Conv2DBackpropFilter', inputs: { x, dy: info.outShape }, attrs: { ...base, filterShape: f }, flops },
  ];
}

function mm(label: string, a: number[], b: number[], ta: boolean, tb: boolean, m: number, n: number, k: number): KernelCase {
  return { label, kernel: 'BatchMatMul', inputs: { a, b }, attrs: { transposeA: ta, transposeB: tb }, flops: 2 * m * n * k };
}

const CASES: KernelCase[] = [
  ...convCases('D conv1 28²×1 → 14²×64', [B, 28, 28, 1], [4, 4, 1, 64]),
  ...convCases('D conv2 14²×64 → 7²×128', [B, 14, 14, 64], [4, 4, 64, 128]),
  ...convCases('G convT1 7²×256 → 14²×128', [B, 14, 14, 128], [4, 4, 128, 256]),
  ...convCases('G convT2 14²×128 → 28²×1', [B, 28, 28, 1], [4, 4, 1, 128]),
  mm('G dense z·W', [1, B, 100], [1, 100, 12544], false, false, B, 12544, 100),
  mm('G dense dW = zᵀ·dy', [1, B, 100], [1, B, 12544], true, false, 100, 12544, B),
  mm('D dense dx = dy·Wᵀ', [1, B, 1], [1, 6272, 1], false, true, B, 6272, 1),
];

function cpuMs(c0: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median wall and CPU ms of one kernel call on the currently registered kernels. */
function timeKernel(c: KernelCase, reps: number): { wall: number; cpu: number } {
  const inputs = Object.fromEntries(Object.entries(c.inputs).map(([k, s]) => [k, tf.randomNormal(s)]));
  const walls: number[] = [], cpus: number[] = [];
  for (let i = 0; i < reps + 2; i++) {
    const c0 = process.cpuUsage(), t0 = performance.now();
    // wasm kernels are synchronous: the kernel is done when runKernel returns (no read-back timed).
    const out = tf.engine().runKernel(c.kernel, inputs, c.attrs as never) as tf.Tensor;
    const wall = performance.now() - t0, cpu = cpuMs(c0);
    out.dispose();
    if (i >= 2) { walls.push(wall); cpus.push(cpu); }
  }
  tf.dispose(Object.values(inputs));
  return { wall: median(walls), cpu: median(cpus) };
}

/** Median wall and CPU ms per DCGAN-28 step on the currently registered kernels. */
async function timeStep(steps: number): Promise<{ wall: number; cpu: number }> {
  const gan = buildDcgan();
  const real = tf.tidy(() => tf.tanh(tf.randomNormal([B, 28, 28, 1])) as tf.Tensor4D);
  for (let i = 0; i < 2; i++) dcganStep(gan, real);
  const walls: number[] = [], cpus: number[] = [];
  for (let i = 0; i < steps; i++) {
    const c0 = process.cpuUsage(), t0 = performance.now();
    dcganStep(gan, real);
    await gan.generator.getWeights()[0].data();
    walls.push(performance.now() - t0);
    cpus.push(cpuMs(c0));
  }
  real.dispose();
  gan.dispose();
  return { wall: median(walls), cpu: median(cpus) };
}

async function main(): Promise<void> {
  const status = nativeKernelsStatus();
  if (!status.available) {
    console.error(`native kernels not available: ${status.reason}`);
    process.exit(1);
  }
  await tf.setBackend('wasm');
  await tf.ready();
  registerWasmKernels();
  console.log(`OpenBLAS core: ${status.coreName} (OPENBLAS_CORETYPE=${process.env.OPENBLAS_CORETYPE ?? 'unset'}); batch ${B}; load ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log('\nGFLOP/s per kernel (by process CPU time; wall in brackets): Gantry wasm vs native');
  console.log('| layer | kernel | GFLOP | wasm (Gantry) | native | speed-up |');
  console.log('|---|---|---:|---:|---:|---:|');
  const reps = quick ? 3 : 7;
  for (const c of CASES) {
    unregisterNativeKernels();
    const w = timeKernel(c, reps);
    registerNativeKernels();
    const n = timeKernel(c, reps);
    const g = (ms: number) => (c.flops / ms / 1e6).toFixed(1);
    console.log(`| ${c.label} | ${c.kernel} | ${(c.flops / 1e9).toFixed(3)} | ${g(w.cpu)} (${g(w.wall)}) | ${g(n.cpu)} (${g(n.wall)}) | ${(w.cpu / n.cpu).toFixed(1)}× |`);
  }
  const steps = quick ? 3 : 8;
  console.log(`\nDCGAN-28 training step (batch ${B}), median of ${steps} after 2 warm-ups`);
  console.log('| kernels | CPU ms / step | wall ms / step |');
  console.log('|---|---:|---:|');
  for (let round = 0; round < (quick ? 1 : 2); round++) {
    unregisterNativeKernels();
    const w = await timeStep(steps);
    console.log(`| Gantry wasm kernels | ${w.cpu.toFixed(0)} | ${w.wall.toFixed(0)} |`);
    registerNativeKernels();
    const n = await timeStep(steps);
    console.log(`| + native (OpenBLAS) | ${n.cpu.toFixed(0)} | ${n.wall.toFixed(0)} |`);
  }
  unregisterNativeKernels();
  unregisterWasmKernels();
}

await main();
