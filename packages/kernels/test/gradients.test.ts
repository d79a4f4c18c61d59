import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmKernels, unregisterCpuKernels } from '../src/index.js';
import { describeCase, randomArray, relError } from './helpers.js';
import type { ConvCase } from './helpers.js';

const cases: ConvCase[] = [
  { n: 4, h: 28, w: 28, ci: 1, co: 8, kh: 4, kw: 4, sh: 2, sw: 2, pad: 'same' },
  { n: 3, h: 14, w: 14, ci: 8, co: 16, kh: 4, kw: 4, sh: 2, sw: 2, pad: 'same' },
  { n: 2, h: 9, w: 7, ci: 3, co: 5, kh: 3, kw: 3, sh: 2, sw: 1, pad: 'valid' },
  { n: 2, h: 8, w: 8, ci: 2, co: 3, kh: 1, kw: 1, sh: 1, sw: 1, pad: 'same' },
  { n: 1, h: 11, w: 10, ci: 2, co: 4, kh: 5, kw: 2, sh: 3, sw: 2, pad: [[0, 0], [2, 1], [1, 0], [0, 0]] },
];

type GradFn = (x: tf.Tensor4D, w: tf.Tensor4D, r: tf.Tensor) => tf.Scalar;
const convLoss: (c: ConvCase) => GradFn = (c) => (x, w, r) =>
  tf.sum(tf.mul(tf.conv2d(x, w, [c.sh, c.sw], c.pad as never), r));
// conv2dTranspose maps [n, ho, wo, co] → [n, h, w, ci] with filter [kh, kw, ci, co].
const convTLoss: (c: ConvCase, dyShape: number[]) => GradFn = (c) => (y, w, r) =>
  tf.sum(tf.mul(tf.conv2dTranspose(y as tf.Tensor4D, w, [c.n, c.h, c.w, c.ci], [c.sh, c.sw], c.pad as never), r));

function grads(backend: string, f: GradFn, xs: [Float32Array, number[]], ws: [Float32Array, number[]], rs: [Float32Array, number[]]): Float32Array[] {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.tensor(xs[0], xs[1]);
    const w = tf.tensor(ws[0], ws[1]);
    const r = tf.tensor(rs[0], rs[1]);
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => f(a as tf.Tensor4D, b as tf.Tensor4D, r))([x, w]);
    return g.map((t) => t.dataSync() as Float32Array);
  });
}

describe('tf.grads on wasm with Gantry kernels match cpu stock', () => {
  beforeAll(async () => {
    unregisterCpuKernels();
    await tf.setBackend('wasm');
    registerWasmKernels();
  });
  cases.forEach((c, i) => {
    const xShape = [c.n, c.h, c.w, c.ci];
    const wShape = [c.kh, c.kw, c.ci, c.co];
    const yShape = tf.backend_util.computeConv2DInfo(xShape as never, wShape as never, [c.sh, c.sw], 1, c.pad as never).outShape;
    const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);
    const x: [Float32Array, number[]] = [randomArray(size(xShape), 10 * i + 1), xShape];
    const w: [Float32Array, number[]] = [randomArray(size(wShape), 10 * i + 2), wShape];
    const ry: [Float32Array, number[]] = [randomArray(size(yShape), 10 * i + 3), yShape];
    const y: [Float32Array, number[]] = [randomArray(size(yShape), 10 * i + 4), yShape];
    const rx: [Float32Array, number[]] = [randomArray(size(xShape), 10 * i + 5), xShape];

    it(`conv2d grads ${describeCase(c)}`, () => {
      const ref = grads('cpu', convLoss(c), x, w, ry);
      const got = grads('wasm', convLoss(c), x, w, ry);
      expect(relError(got[0], ref[0])).toBeLessThan(1e-4);
      expect(relError(got[1], ref[1])).toBeLessThan(1e-4);
    });
    it(`conv2dTranspose grads ${describeCase(c)}`, () => {
      const ref = grads('cpu', convTLoss(c, yShape), y, w, rx);
      const got = grads('wasm', convTLoss(c, yShape), y, w, rx);
      expect(relError(got[0], ref[0])).toBeLessThan(1e-4);
      expect(relError(got[1], ref[1])).toBeLessThan(1e-4);
    });
  });
});
