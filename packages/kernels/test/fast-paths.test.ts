import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backpropFilterWasmSettings, backpropInputWasmSettings, castWasmConfig, fusedBatchNormWasmConfig, identityWasmConfig,
  fusedBatchNormGradConfig, installGradient, isGradientInstalled, isInstalled, leakyReluGradConfig, leakyReluWasmConfig, uninstallGradient, meanWasmConfig, registerWasmKernels, sumWasmConfig, unregisterCpuKernels, unregisterWasmKernels,
} from '../src/index.js';
import { caseData, convCases, describeCase, randomArray, relError, runBackpropFilter, runBackpropInput } from './helpers.js';
import type { ConvCase } from './helpers.js';

const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);

/** Run `f` on `backend` inside a tidy and return the values of its result. */
function on(backend: string, f: () => tf.Tensor): Float32Array {
  tf.setBackend(backend);
  return tf.tidy(() => Float32Array.from(f().dataSync() as ArrayLike<number>));
}
/** Same, also returning the result's shape. */
function onShaped(backend: string, f: () => tf.Tensor): { v: Float32Array; shape: number[] } {
  tf.setBackend(backend);
  return tf.tidy(() => { const t = f(); return { v: Float32Array.from(t.dataSync() as ArrayLike<number>), shape: t.shape }; });
}

beforeAll(async () => {
  unregisterCpuKernels(); // references: cpu backend, stock kernels
  await tf.setBackend('cpu');
  await tf.setBackend('wasm');
  registerWasmKernels();
});
afterAll(() => {
  backpropInputWasmSettings.gemmMaxInChannels = 4;
  backpropFilterWasmSettings.gemmMaxInChannels = 2;
});

describe('registration of the non-conv wasm kernels', () => {
  it('installs and removes them, and honours the switches', () => {
    const all = [sumWasmConfig, meanWasmConfig, identityWasmConfig, leakyReluWasmConfig, fusedBatchNormWasmConfig, castWasmConfig];
    expect(all.every(isInstalled)).toBe(true);
    expect(isGradientInstalled(leakyReluGradConfig)).toBe(true);
    expect(isGradientInstalled(fusedBatchNormGradConfig)).toBe(true);
    const stockGrad = (() => { unregisterWasmKernels(); return tf.getGradient('LeakyRelu'); })();
    expect(all.some(isInstalled)).toBe(false);
    expect(stockGrad).toBeDefined();
    expect(isGradientInstalled(leakyReluGradConfig)).toBe(false);
    registerWasmKernels({ reductions: false, identity: false, elementwise: false, smallChannelGemm: false, gradients: false });
    expect(all.some(isInstalled)).toBe(false);
    expect(tf.getGradient('LeakyRelu')).toBe(stockGrad);
    expect(backpropInputWasmSettings.gemmMaxInChannels).toBe(0);
    expect(backpropFilterWasmSettings.gemmMaxInChannels).toBe(0);
    unregisterWasmKernels();
    registerWasmKernels();
    expect(all.every(isInstalled)).toBe(true);
  });
});

// [shape, axis, keepDims]: leading axes (pooling path), a middle block (outer > 1), narrow rows
// (JS path), trailing and non-contiguous axes (stock), negative axes, a single reduced row.
const reduceCases: [number[], number | number[], boolean][] = [
  [[64, 14, 14, 16], [0, 1, 2], false],
  [[6, 5, 4, 8], [0, 1, 2], true],
  [[64, 300], 0, false],
  [[1, 1, 9, 37], [0, 1, 2], false],
  [[3, 7, 5, 6], [1, 2], false],
  [[3, 7, 5, 6], [1, 2], true],
  [[4, 9, 3], [0, 1], false],
  [[5, 11, 2], 1, true],
  [[40, 1], 0, false],
  [[2, 3, 4], [-3, -2], false],
  [[1, 8, 6], [0, 1], false],
  [[3, 4, 5], [1], false],
  [[3, 4, 5], [2], true],
  [[3, 4, 5], [0, 2], false],
  [[3, 4, 5], [0, 1, 2], false],
];

describe('Sum / Mean over leading or middle axes vs cpu stock', () => {
  reduceCases.forEach(([shape, axis, keepDims], i) => {
    const x = randomArray(size(shape), 300 + i);
    for (const op of ['sum', 'mean'] as const) {
      it(`${op} ${JSON.stringify(shape)} axis=${JSON.stringify(axis)} keepDims=${keepDims}`, () => {
        const f = (): tf.Tensor => tf[op](tf.tensor(x, shape), axis, keepDims);
        const ref = onShaped('cpu', f), got = onShaped('wasm', f);
        expect(got.shape).toEqual(ref.shape);
        expect(relError(got.v, ref.v)).toBeLessThan(1e-5);
      });
    }
  });
  it('int32 sums go to stock', () => {
    const f = (): tf.Tensor => tf.sum(tf.tensor([[1, 2], [3, 4], [5, 6]], [3, 2], 'int32'), 0);
    expect(Array.from(on('wasm', f))).toEqual([9, 12]);
  });
  it('a long reduction stays as accurate as stock wasm (float32 accumulation)', () => {
    // Σ over 12544 rows of values in [0, 1): reference summed in float64 here.
    const m = 12544, c = 8;
    const x = randomArray(m * c, 350).map((v) => (v + 1) / 2);
    const exact = new Float64Array(c);
    for (let i = 0; i < m; i++) for (let j = 0; j < c; j++) exact[j] += x[i * c + j];
    const err = (v: Float32Array): number => Math.max(...Array.from(v, (s, j) => Math.abs(s - exact[j]) / exact[j]));
    const got = err(on('wasm', () => tf.sum(tf.tensor(x, [m, c]), 0)));
    unregisterWasmKernels();
    const stock = err(on('wasm', () => tf.sum(tf.tensor(x, [m, c]), 0)));
    registerWasmKernels();
    expect(got).toBeLessThan(Math.max(stock, 1e-5));
  });
});

describe('Identity / Cast share storage', () => {
  it('clone and same-dtype cast read the same values and survive disposal of the source', () => {
    tf.setBackend('wasm');
    const x = tf.tensor([1.5, -2, 3.25, 4], [2, 2]);
    const y = tf.clone(x), z = tf.cast(x, 'float32');
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1.5, -2, 3.25, 4]);
    expect(Array.from(z.dataSync())).toEqual([1.5, -2, 3.25, 4]);
    tf.dispose([y, z]);
  });
  it('real conversions still convert', () => {
    const got = on('wasm', () => tf.cast(tf.tensor([1.7, -2.2, 0]), 'int32'));
    expect(Array.from(got)).toEqual([1, -2, 0]);
  });
});

describe('LeakyRelu (via Prelu) vs cpu stock', () => {
  const cases: [number[], number][] = [[[64, 7, 7, 16], 0.2], [[5, 13], 0.01], [[17], 0.3], [[2, 3, 4, 1], 0.5], [[3, 1, 1, 9], -0.1]];
  cases.forEach(([shape, alpha], i) => {
    it(`leakyRelu ${JSON.stringify(shape)} α=${alpha}`, () => {
      const x = randomArray(size(shape), 400 + i);
      const f = (): tf.Tensor => tf.leakyRelu(tf.tensor(x, shape), alpha);
      expect(relError(on('wasm', f), on('cpu', f))).toBeLessThan(1e-6); // α is rounded to float32 for Prelu
    });
  });
  it('leakyRelu of a scalar and of int32 go to stock', () => {
    expect(Array.from(on('wasm', () => tf.leakyRelu(tf.scalar(-2), 0.25)))).toEqual([-0.5]);
    expect(Array.from(on('wasm', () => tf.leakyRelu(tf.tensor([-4, 3], [2], 'int32'), 0.5)))).toEqual([-2, 3]);
  });
});

describe('LeakyRelu gradient dy·step_α(x) equals the tfjs gradient', () => {
  it('on cpu and wasm, including x = 0 and α < 0', () => {
    const shape = [4, 5, 6, 3];
    const x = randomArray(size(shape), 450).map((v, i) => (i % 7 === 0 ? 0 : v));
    const r = randomArray(size(shape), 451);
    const grad = (backend: string, alpha: number): Float32Array => on(backend, () =>
      tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.leakyRelu(t, alpha), tf.tensor(r, shape))))(tf.tensor(x, shape)));
    for (const alpha of [0.2, -0.3]) {
      uninstallGradient(leakyReluGradConfig);
      const ref = grad('cpu', alpha);
      installGradient(leakyReluGradConfig);
      // By hand: dx = r where x > 0, α·r elsewhere.
      const byHand = Float32Array.from(x, (v, i) => (v > 0 ? r[i] : alpha * r[i]));
      expect(relError(ref, byHand)).toBeLessThan(1e-6);
      expect(relError(grad('cpu', alpha), ref)).toBeLessThan(1e-6);
      expect(relError(grad('wasm', alpha), ref)).toBeLessThan(1e-6);
    }
  });
});

describe('FusedBatchNorm gradient with per-channel factors equals the tfjs gradient', () => {
  // [x shape, stats shape, with scale, with offset]
  const cases: [number[], number[], boolean, boolean][] = [
    [[6, 4, 4, 5], [5], true, true],
    // Not compared: [1,1,1,C] statistics (the stock gradient fails to reshape them) and batchNorm
    // without γ or β (tf.grads throws inside tfjs' tape, stock gradient included).
    [[1, 1, 8, 12], [12], true, true],
    [[3, 2, 2, 4], [3, 2, 2, 4], true, true], // full-shape statistics: no reduction
  ];
  cases.forEach(([xs, ss, withScale, withOffset], i) => {
    it(`x${JSON.stringify(xs)} stats${JSON.stringify(ss)} scale=${withScale} offset=${withOffset}`, () => {
      const x = randomArray(size(xs), 460 + i).map((v) => 2 + v);
      const mean = randomArray(size(ss), 470 + i).map((v) => 2 + 0.3 * v);
      const variance = randomArray(size(ss), 480 + i).map((v) => 0.4 + Math.abs(v));
      const scale = randomArray(size(ss), 490 + i), offset = randomArray(size(ss), 495 + i);
      const r = randomArray(size(xs), 499 + i);
      const grads = (backend: string): Float32Array[] => {
        tf.setBackend(backend);
        return tf.tidy(() => {
          // Differentiate w.r.t. x, μ, σ² and whichever of γ, β are used (order: x, μ, σ², γ?, β?).
          const args = [tf.tensor(x, xs), tf.tensor(mean, ss), tf.tensor(variance, ss)];
          if (withScale) args.push(tf.tensor(scale, ss));
          if (withOffset) args.push(tf.tensor(offset, ss));
          const f = (...t: tf.Tensor[]): tf.Scalar => tf.sum(tf.mul(
            tf.batchNorm(t[0], t[1], t[2], withOffset ? t[withScale ? 4 : 3] : undefined, withScale ? t[3] : undefined, 1e-3), tf.tensor(r, xs)));
          return tf.grads(f)(args).map((t) => Float32Array.from(t.dataSync()));
        });
      };
      uninstallGradient(fusedBatchNormGradConfig);
      const ref = grads('cpu');
      installGradient(fusedBatchNormGradConfig);
      const cpu = grads('cpu'), wasm = grads('wasm');
      // ∂/∂β = Σ r by hand (when β is used), and every gradient as tfjs computes it.
      if (withOffset && ss.length === 1) {
        const c = ss[0], byHand = new Float32Array(c);
        r.forEach((v, j) => { byHand[j % c] += v; });
        expect(relError(cpu[cpu.length - 1], byHand)).toBeLessThan(1e-5);
      }
      for (let k = 0; k < ref.length; k++) {
        expect(relError(cpu[k], ref[k])).toBeLessThan(1e-4);
        expect(relError(wasm[k], ref[k])).toBeLessThan(1e-4);
      }
    });
  });
});

describe('FusedBatchNorm vs cpu stock', () => {
  // [x shape, stats shape, with offset, with scale]
  const cases: [number[], number[], boolean, boolean][] = [
    [[8, 5, 5, 16], [16], true, true],
    [[8, 5, 5, 16], [1, 1, 1, 16], true, true],
    [[8, 5, 5, 16], [16], false, true],
    [[8, 5, 5, 16], [16], true, false],
    [[8, 5, 5, 16], [16], false, false],
    [[1, 1, 6, 40], [40], true, true],
    [[6, 40], [40], true, true],
    [[4, 3, 3, 2], [4, 3, 3, 2], true, true], // full-shape statistics: stock
  ];
  cases.forEach(([xs, ss, withOffset, withScale], i) => {
    it(`batchNorm x${JSON.stringify(xs)} stats${JSON.stringify(ss)} offset=${withOffset} scale=${withScale}`, () => {
      const x = randomArray(size(xs), 500 + i).map((v) => 3 + 2 * v); // mean ≠ 0
      const mean = randomArray(size(ss), 510 + i).map((v) => 3 + v);
      const variance = randomArray(size(ss), 520 + i).map((v) => 0.5 + Math.abs(v));
      const offset = randomArray(size(ss), 530 + i), scale = randomArray(size(ss), 540 + i);
      const f = (): tf.Tensor => tf.batchNorm(tf.tensor(x, xs), tf.tensor(mean, ss), tf.tensor(variance, ss),
        withOffset ? tf.tensor(offset, ss) : undefined, withScale ? tf.tensor(scale, ss) : undefined, 1e-3);
      expect(relError(on('wasm', f), on('cpu', f))).toBeLessThan(1e-5);
    });
  });
});

describe('BatchNorm + LeakyReLU + conv training gradients on wasm match cpu stock', () => {
  // moments → batchNorm → leakyRelu → conv2d → loss: exercises Mean, Sum, Cast, Identity,
  // FusedBatchNorm, LeakyRelu and the conv gradients together, as in a DCGAN discriminator.
  const xShape = [6, 8, 8, 3], wShape = [4, 4, 3, 5];
  const x = randomArray(size(xShape), 600), w = randomArray(size(wShape), 601);
  const g = randomArray(3, 602).map((v) => 1 + 0.5 * v), b = randomArray(3, 603);
  const r = randomArray(6 * 4 * 4 * 5, 604);
  const loss = (xt: tf.Tensor, wt: tf.Tensor, gt: tf.Tensor, bt: tf.Tensor): tf.Scalar => {
    const { mean, variance } = tf.moments(xt, [0, 1, 2]);
    const y = tf.leakyRelu(tf.batchNorm(xt, mean, variance, bt, gt, 1e-3), 0.2);
    return tf.sum(tf.mul(tf.conv2d(y as tf.Tensor4D, wt as tf.Tensor4D, 2, 'same'), tf.tensor(r, [6, 4, 4, 5])));
  };
  const run = (backend: string): Float32Array[] => {
    tf.setBackend(backend);
    return tf.tidy(() => tf.grads(loss)([tf.tensor(x, xShape), tf.tensor(w, wShape), tf.tensor(g, [3]), tf.tensor(b, [3])])
      .map((t) => Float32Array.from(t.dataSync())));
  };
  it('dx, dW, dγ, dβ', () => {
    const ref = run('cpu'), got = run('wasm');
    for (let i = 0; i < ref.length; i++) expect(relError(got[i], ref[i])).toBeLessThan(1e-4);
  });
});

const cases = convCases();
interface Ref { dW: Float32Array; dX: Float32Array; data: ReturnType<typeof caseData> }
const refs = new Map<ConvCase, Ref>();
function ref(c: ConvCase, i: number): Ref {
  let r = refs.get(c);
  if (r == null) {
    tf.setBackend('cpu');
    const data = caseData(c, 1000 + 7 * i);
    r = { data, dW: runBackpropFilter(c, data.x, data.dy, data.dyShape), dX: runBackpropInput(c, data.dy, data.dyShape, data.w) };
    refs.set(c, r);
  }
  return r;
}

// Every geometry through both formulations of each wasm conv gradient, whatever Ci is.
for (const [label, gemm] of [['GEMM (im2col / col2im)', 1e9], ['dilated conv / sub-pixel', 0]] as const) {
  describe(`wasm conv gradients forced to ${label} vs cpu stock (${cases.length} geometries)`, () => {
    cases.forEach((c, i) => {
      it(`${describeCase(c)}`, () => {
        const { data, dW, dX } = ref(c, i);
        tf.setBackend('wasm');
        backpropInputWasmSettings.gemmMaxInChannels = gemm;
        backpropFilterWasmSettings.gemmMaxInChannels = gemm;
        try {
          expect(relError(runBackpropFilter(c, data.x, data.dy, data.dyShape), dW)).toBeLessThan(1e-4);
          expect(relError(runBackpropInput(c, data.dy, data.dyShape, data.w), dX)).toBeLessThan(1e-4);
        } finally {
          backpropInputWasmSettings.gemmMaxInChannels = 4;
          backpropFilterWasmSettings.gemmMaxInChannels = 2;
        }
      });
    });
  });
}
