import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backpropInputWasmSettings, clearDerivedFilterCache, derivedFilterCacheSettings, derivedFilterCacheSize, installGradient, isGradientInstalled,
  meanGradConfig, registerCpuKernels, registerWasmKernels, sumGradConfig, uninstallGradient, unregisterCpuKernels,
} from '../src/index.js';
import { caseData, convCases, describeCase, randomArray, relError, runBackpropInput } from './helpers.js';

const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);

beforeAll(async () => {
  unregisterCpuKernels(); // references: cpu backend, stock kernels
  await tf.setBackend('cpu');
  await tf.setBackend('wasm');
  registerWasmKernels();
});

// [x shape, axis, keepDims]: BatchNorm moments (leading axes), one axis, all axes, negative and
// middle axes, scalar-like inputs, rank 1 to 5.
const reduceCases: [number[], number | number[] | undefined, boolean][] = [
  [[6, 5, 5, 8], [0, 1, 2], false],
  [[6, 5, 5, 8], [0, 1, 2], true],
  [[64, 12], 0, false],
  [[1, 1, 16, 12], [0, 1, 2], true],
  [[3, 7, 5, 6], [1, 2], false],
  [[3, 4, 5], -1, true],
  [[3, 4, 5], [0, 2], false],
  [[3, 4, 5], undefined, false],
  [[9], 0, false],
  [[9], 0, true],
  [[2, 3, 1, 4, 2], [1, 3], false],
  [[5, 1], 1, false],
];

describe('Mean / Sum gradients as broadcasts equal the tfjs gradients (cpu stock reference)', () => {
  reduceCases.forEach(([shape, axis, keepDims], i) => {
    for (const op of ['mean', 'sum'] as const) {
      it(`${op} x${JSON.stringify(shape)} axis=${JSON.stringify(axis)} keepDims=${keepDims}`, () => {
        const x = randomArray(size(shape), 700 + i);
        const outShape = tf.tidy(() => tf[op](tf.zeros(shape), axis, keepDims).shape);
        const r = randomArray(size(outShape), 750 + i);
        const grad = (backend: string): Float32Array => {
          tf.setBackend(backend);
          return tf.tidy(() => Float32Array.from(tf.grad((t: tf.Tensor) =>
            tf.sum(tf.mul(tf[op](t, axis, keepDims), tf.tensor(r, outShape))))(tf.tensor(x, shape)).dataSync()));
        };
        const config = op === 'mean' ? meanGradConfig : sumGradConfig;
        uninstallGradient(config);
        const ref = grad('cpu');
        installGradient(config);
        // By hand: dx[i] = r[j(i)] (/ m for mean), j(i) the output element x[i] is reduced into.
        const axes = axis == null ? shape.map((_, d) => d) : tf.util.parseAxisParam(axis, shape);
        const m = axes.reduce((a, d) => a * shape[d], 1);
        const strides = tf.util.computeStrides(shape);
        const keptDims = shape.map((_, d) => d).filter((d) => !axes.includes(d));
        const byHand = new Float32Array(size(shape));
        for (let k = 0; k < byHand.length; k++) {
          let rest = k, j = 0;
          const idx = shape.map((_, d) => { const v = d < shape.length - 1 ? Math.floor(rest / strides[d]) : rest; rest -= d < shape.length - 1 ? v * strides[d] : 0; return v; });
          for (const d of keptDims) j = j * shape[d] + idx[d];
          byHand[k] = op === 'mean' ? r[j] / m : r[j];
        }
        expect(relError(ref, byHand)).toBeLessThan(1e-6);
        expect(relError(grad('cpu'), ref)).toBeLessThan(1e-7);
        expect(relError(grad('wasm'), ref)).toBeLessThan(1e-7);
      });
    }
  });

  it('are registered by registerWasmKernels and differentiate twice (moments of a moment)', () => {
    expect(isGradientInstalled(meanGradConfig)).toBe(true);
    expect(isGradientInstalled(sumGradConfig)).toBe(true);
    // f(x) = Σ_c mean_n(x)_c², ∂f/∂x[n,c] = 2·mean_c / N, ∂²f/∂x[n,c]∂x[n',c] = 2/N² → grad of Σ ∂f/∂x = 2/N per element.
    const shape = [4, 3];
    const x = randomArray(12, 790);
    for (const backend of ['cpu', 'wasm']) {
      tf.setBackend(backend);
      const g2 = tf.tidy(() => Float32Array.from(tf.grad((t: tf.Tensor) =>
        tf.sum(tf.grad((u: tf.Tensor) => tf.sum(tf.square(tf.mean(u, 0))))(t)))(tf.tensor(x, shape)).dataSync()));
      // Σ_{n,c} 2·mean_c/N differentiated w.r.t. x[n', c] = Σ_n 2/(N·N) = 2/N.
      expect(relError(g2, new Float32Array(12).fill(2 / 4))).toBeLessThan(1e-6);
    }
  });
});

describe('derived-filter cache of the sub-pixel Conv2DBackpropInput', () => {
  const cases = convCases();
  afterAll(() => {
    backpropInputWasmSettings.gemmMaxInChannels = 4;
    derivedFilterCacheSettings.capacity = 4;
  });

  it(`reusing one filter for two dy gives the cpu stock values (${cases.length} geometries, wasm and cpu)`, () => {
    backpropInputWasmSettings.gemmMaxInChannels = 0; // every geometry through the sub-pixel path
    registerCpuKernels({ backpropFilter: false, backpropInput: true });
    try {
      cases.forEach((c, i) => {
        const a = caseData(c, 2000 + 5 * i), b = caseData(c, 2001 + 5 * i);
        // References with stock cpu kernels, computed before Gantry's cpu kernel is used.
        unregisterCpuKernels();
        tf.setBackend('cpu');
        const refA = runBackpropInput(c, a.dy, a.dyShape, a.w), refB = runBackpropInput(c, b.dy, b.dyShape, a.w);
        registerCpuKernels({ backpropFilter: false, backpropInput: true });
        for (const backend of ['wasm', 'cpu']) {
          tf.setBackend(backend);
          const w = tf.tensor4d(a.w, [c.kh, c.kw, c.ci, c.co]); // one filter tensor, two input gradients
          const run = (dy: Float32Array, dyShape: number[]): Float32Array => tf.tidy(() => {
            const out = tf.engine().runKernel('Conv2DBackpropInput', { dy: tf.tensor(dy, dyShape), filter: w }, {
              strides: [c.sh, c.sw], pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: c.round, inputShape: [c.n, c.h, c.w, c.ci],
            } as never) as tf.Tensor;
            return Float32Array.from(out.dataSync());
          });
          const gotA = run(a.dy, a.dyShape), gotB = run(b.dy, b.dyShape), gotA2 = run(a.dy, a.dyShape);
          w.dispose();
          expect(relError(gotA, refA), `${backend} ${describeCase(c)}`).toBeLessThan(1e-4);
          expect(relError(gotB, refB), `${backend} ${describeCase(c)} (cached sub-filters)`).toBeLessThan(1e-4);
          expect(relError(gotA2, refA), `${backend} ${describeCase(c)} (cached, again)`).toBeLessThan(1e-4);
        }
      });
    } finally {
      unregisterCpuKernels();
    }
  });

  it('a replaced filter (new storage, as after an optimiser step) is not served stale sub-filters', () => {
    tf.setBackend('wasm');
    backpropInputWasmSettings.gemmMaxInChannels = 0;
    const c = { n: 2, h: 8, w: 8, ci: 6, co: 5, kh: 4, kw: 4, sh: 2, sw: 2, pad: 'same' as const };
    const d = caseData(c, 2500);
    const v = tf.variable(tf.tensor4d(d.w, [4, 4, 6, 5]));
    const dy = tf.tensor(d.dy, d.dyShape);
    const dx = (): Float32Array => tf.tidy(() => Float32Array.from(tf.conv2dTranspose(dy as tf.Tensor4D, v as unknown as tf.Tensor4D, [2, 8, 8, 6], 2, 'same').dataSync()));
    clearDerivedFilterCache();
    const before = dx();
    expect(derivedFilterCacheSize()).toBe(1);
    expect(relError(dx(), before)).toBe(0); // served from the cache: no new entry
    expect(derivedFilterCacheSize()).toBe(1);
    v.assign(tf.mul(v, 2)); // new dataId, doubled weights: dx doubles exactly
    const after = dx();
    expect(derivedFilterCacheSize()).toBe(2);
    expect(relError(after, before.map((t) => 2 * t))).toBeLessThan(1e-6);
    tf.dispose([v, dy]);
  });

  it('holds at most `capacity` entries, frees them on clear, and can be switched off', () => {
    tf.setBackend('wasm');
    backpropInputWasmSettings.gemmMaxInChannels = 0;
    clearDerivedFilterCache();
    const backend = tf.backend();
    const ids0 = backend.numDataIds();
    const c = { n: 1, h: 6, w: 6, ci: 5, co: 3, kh: 3, kw: 3, sh: 2, sw: 2, pad: 'same' as const };
    const d = caseData(c, 2600);
    derivedFilterCacheSettings.capacity = 3;
    for (let i = 0; i < 6; i++) runBackpropInput(c, d.dy, d.dyShape, d.w); // a fresh filter tensor each time
    expect(derivedFilterCacheSize()).toBe(3);
    expect(backend.numDataIds()).toBe(ids0 + 3 * 4); // 3 entries × 4 sub-filters (stride 2×2)
    clearDerivedFilterCache();
    expect(derivedFilterCacheSize()).toBe(0);
    expect(backend.numDataIds()).toBe(ids0);
    derivedFilterCacheSettings.capacity = 0;
    const ref = runBackpropInput(c, d.dy, d.dyShape, d.w);
    expect(derivedFilterCacheSize()).toBe(0);
    expect(backend.numDataIds()).toBe(ids0);
    derivedFilterCacheSettings.capacity = 4;
    expect(relError(runBackpropInput(c, d.dy, d.dyShape, d.w), ref)).toBeLessThan(1e-6);
    clearDerivedFilterCache();
  });
});
