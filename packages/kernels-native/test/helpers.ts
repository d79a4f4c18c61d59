import * as tf from '@tensorflow/tfjs-core';
import { convCases, outShape, randomArray } from '../../kernels/test/helpers.js';
import type { ConvCase } from '../../kernels/test/helpers.js';
import { nativeKernelsStatus } from '../src/index.js';

export { caseData, describeCase, randomArray, relError, runBackpropFilter, runBackpropInput, outShape } from '../../kernels/test/helpers.js';
export type { ConvCase } from '../../kernels/test/helpers.js';

/**
 * Whether the native suites run. Without the addon they are skipped with the reason printed,
 * unless `GANTRY_REQUIRE_NATIVE=1` (CI), where a missing addon is a failure.
 */
export function nativeGate(): { run: boolean; required: boolean; reason?: string } {
  const status = nativeKernelsStatus();
  const required = process.env.GANTRY_REQUIRE_NATIVE === '1';
  if (!status.available && !required) console.warn(`@gantry/kernels-native tests skipped: ${status.reason}`);
  return { run: status.available || required, required, reason: status.reason };
}

/** Run the registered Conv2D kernel of the active backend. */
export function runConv2D(c: ConvCase, x: Float32Array, w: Float32Array): Float32Array {
  const xt = tf.tensor4d(x, [c.n, c.h, c.w, c.ci]);
  const wt = tf.tensor4d(w, [c.kh, c.kw, c.ci, c.co]);
  const out = tf.engine().runKernel('Conv2D', { x: xt, filter: wt }, {
    strides: [c.sh, c.sw], pad: c.pad, dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: c.round,
  } as never) as tf.Tensor;
  const v = out.dataSync() as Float32Array;
  tf.dispose([xt, wt, out]);
  return v;
}

/** Multiply–accumulates of a case's convolution. */
export function convMacs(c: ConvCase): number {
  const [n, oh, ow, co] = outShape(c);
  return n * oh * ow * co * c.kh * c.kw * c.ci;
}

/**
 * The geometries of `@gantry/kernels`' tests (odd sizes, all paddings, strides 1–3, 1×1 to 6×6
 * kernels) plus wider ones: channels up to 64, batch up to 8, 5×5 kernels and the DCGAN-28 layers.
 */
export function nativeConvCases(): ConvCase[] {
  const extra: ConvCase[] = [
    // DCGAN-28 (batch 8 / 2 instead of 64): D conv1, D conv2, G convT1 (as its backprop input), G convT2
    { n: 8, h: 28, w: 28, ci: 1, co: 64, kh: 4, kw: 4, sh: 2, sw: 2, pad: 'same' },
    { n: 8, h: 14, w: 14, ci: 64, co: 128, kh: 4, kw: 4, sh: 2, sw: 2, pad: 'same' },
    { n: 2, h: 14, w: 14, ci: 128, co: 256, kh: 4, kw: 4, sh: 2, sw: 2, pad: 'same' },
    { n: 8, h: 28, w: 28, ci: 1, co: 128, kh: 4, kw: 4, sh: 2, sw: 2, pad: 'same' },
    // 1×1 stride 1 (direct GEMM path), 1×1 with pads and strides
    { n: 4, h: 9, w: 7, ci: 64, co: 32, kh: 1, kw: 1, sh: 1, sw: 1, pad: 'valid' },
    { n: 3, h: 9, w: 7, ci: 16, co: 8, kh: 1, kw: 1, sh: 1, sw: 1, pad: [[0, 0], [1, 0], [0, 2], [0, 0]] },
    { n: 3, h: 9, w: 7, ci: 16, co: 8, kh: 1, kw: 1, sh: 2, sw: 2, pad: 'same' },
    // 3×3, 4×4, 5×5 with many channels, strides 1 and 2
    { n: 6, h: 16, w: 16, ci: 32, co: 64, kh: 3, kw: 3, sh: 1, sw: 1, pad: 'same' },
    { n: 5, h: 15, w: 13, ci: 48, co: 40, kh: 3, kw: 3, sh: 2, sw: 2, pad: 'valid' },
    { n: 8, h: 12, w: 12, ci: 64, co: 64, kh: 5, kw: 5, sh: 1, sw: 1, pad: 'same' },
    { n: 2, h: 17, w: 11, ci: 24, co: 12, kh: 5, kw: 5, sh: 2, sw: 2, pad: 'same' },
    { n: 7, h: 10, w: 10, ci: 64, co: 1, kh: 4, kw: 4, sh: 2, sw: 2, pad: 'same' },
    { n: 1, h: 8, w: 8, ci: 1, co: 64, kh: 5, kw: 5, sh: 1, sw: 1, pad: 'valid' },
    { n: 4, h: 11, w: 9, ci: 9, co: 33, kh: 4, kw: 3, sh: 2, sw: 1, pad: [[0, 0], [2, 1], [1, 3], [0, 0]] },
    // large explicit pads (whole rows / columns of zeros)
    { n: 2, h: 6, w: 5, ci: 8, co: 8, kh: 3, kw: 3, sh: 2, sw: 2, pad: [[0, 0], [4, 4], [3, 5], [0, 0]] },
    // enough rows for several im2col chunks (chunk ≈ 4 M floats / (kh·kw·ci))
    { n: 8, h: 24, w: 24, ci: 64, co: 4, kh: 5, kw: 5, sh: 1, sw: 1, pad: 'same' },
  ];
  return [...convCases(), ...extra].filter((c) => outShape(c).every((d) => d > 0));
}

/** One BatchMatMul case: operand shapes as stored (already transposed when the flag is set). */
export interface MatMulCase { a: number[]; b: number[]; ta: boolean; tb: boolean }

export function matMulCases(): MatMulCase[] {
  const out: MatMulCase[] = [];
  for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    for (const [batch, m, n, k] of [[1, 1, 1, 1], [1, 64, 1, 12544], [1, 64, 12544, 100], [3, 5, 7, 9], [4, 33, 17, 65], [2, 128, 64, 256]]) {
      out.push({ a: [batch, ta ? k : m, ta ? m : k], b: [batch, tb ? n : k, tb ? k : n], ta, tb });
    }
    // broadcasting a single right / left operand; rank 2 and rank 4
    out.push({ a: [4, ta ? 6 : 5, ta ? 5 : 6], b: [1, tb ? 7 : 6, tb ? 6 : 7], ta, tb });
    out.push({ a: [1, ta ? 6 : 5, ta ? 5 : 6], b: [4, tb ? 7 : 6, tb ? 6 : 7], ta, tb });
    out.push({ a: [ta ? 6 : 5, ta ? 5 : 6], b: [3, tb ? 7 : 6, tb ? 6 : 7], ta, tb });
    out.push({ a: [2, 3, ta ? 6 : 5, ta ? 5 : 6], b: [2, 3, tb ? 7 : 6, tb ? 6 : 7], ta, tb });
  }
  return out;
}

/** Run the registered BatchMatMul kernel of the active backend on deterministic data. */
export function runMatMul(c: MatMulCase, seed: number): { values: Float32Array; shape: number[] } {
  const size = (s: number[]) => s.reduce((p, q) => p * q, 1);
  const a = tf.tensor(randomArray(size(c.a), seed), c.a);
  const b = tf.tensor(randomArray(size(c.b), seed + 1), c.b);
  const out = tf.engine().runKernel('BatchMatMul', { a, b }, { transposeA: c.ta, transposeB: c.tb } as never) as tf.Tensor;
  const result = { values: out.dataSync() as Float32Array, shape: out.shape };
  tf.dispose([a, b, out]);
  return result;
}
