import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

/** Explicit NHWC padding or a tfjs padding keyword / number. */
export type Pad = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];

/** One convolution geometry under test. */
export interface ConvCase {
  n: number; h: number; w: number; ci: number; co: number;
  kh: number; kw: number; sh: number; sw: number;
  pad: Pad;
  round?: 'floor' | 'ceil' | 'round';
}

export const describeCase = (c: ConvCase): string =>
  `x[${c.n},${c.h},${c.w},${c.ci}] W[${c.kh},${c.kw},${c.ci},${c.co}] s[${c.sh},${c.sw}] pad=${JSON.stringify(c.pad)}${c.round ? ` ${c.round}` : ''}`;

/** Deterministic pseudo-random floats in [-1, 1). */
export function randomArray(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let s = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    out[i] = (s / 4294967296) * 2 - 1;
  }
  return out;
}

/** Output (dy) shape of the forward conv for a case. */
export function outShape(c: ConvCase): [number, number, number, number] {
  const info = tf.backend_util.computeConv2DInfo([c.n, c.h, c.w, c.ci], [c.kh, c.kw, c.ci, c.co], [c.sh, c.sw], 1, c.pad as never, c.round);
  return info.outShape;
}

/** Raw inputs of a case: x, dy and W as flat arrays. */
export function caseData(c: ConvCase, seed: number): { x: Float32Array; dy: Float32Array; w: Float32Array; dyShape: [number, number, number, number] } {
  const dyShape = outShape(c);
  return {
    x: randomArray(c.n * c.h * c.w * c.ci, seed + 1),
    dy: randomArray(dyShape.reduce((a, b) => a * b, 1), seed + 2),
    w: randomArray(c.kh * c.kw * c.ci * c.co, seed + 3),
    dyShape,
  };
}

/** Run the registered Conv2DBackpropFilter kernel of the active backend. */
export function runBackpropFilter(c: ConvCase, x: Float32Array, dy: Float32Array, dyShape: number[]): Float32Array {
  const xt = tf.tensor4d(x, [c.n, c.h, c.w, c.ci]);
  const dyt = tf.tensor(dy, dyShape);
  const out = tf.engine().runKernel('Conv2DBackpropFilter', { x: xt, dy: dyt }, {
    strides: [c.sh, c.sw], pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: c.round, filterShape: [c.kh, c.kw, c.ci, c.co],
  } as never) as tf.Tensor;
  const v = out.dataSync() as Float32Array;
  tf.dispose([xt, dyt, out]);
  return v;
}

/** Run the registered Conv2DBackpropInput kernel of the active backend. */
export function runBackpropInput(c: ConvCase, dy: Float32Array, dyShape: number[], w: Float32Array): Float32Array {
  const dyt = tf.tensor(dy, dyShape);
  const wt = tf.tensor4d(w, [c.kh, c.kw, c.ci, c.co]);
  const out = tf.engine().runKernel('Conv2DBackpropInput', { dy: dyt, filter: wt }, {
    strides: [c.sh, c.sw], pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: c.round, inputShape: [c.n, c.h, c.w, c.ci],
  } as never) as tf.Tensor;
  const v = out.dataSync() as Float32Array;
  tf.dispose([dyt, wt, out]);
  return v;
}

/** max|a−b| / max(1, max|ref|): a relative error insensitive to tiny entries. */
export function relError(actual: ArrayLike<number>, ref: ArrayLike<number>): number {
  if (actual.length !== ref.length) return Infinity;
  let diff = 0, scale = 1;
  for (let i = 0; i < ref.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - ref[i]));
    scale = Math.max(scale, Math.abs(ref[i]));
  }
  return Number.isNaN(diff) ? Infinity : diff / scale;
}

/** Many geometries: odd sizes, all paddings, strides 1–3 incl. rectangular, 1×1 and even kernels. */
export function convCases(): ConvCase[] {
  const cases: ConvCase[] = [
    // DCGAN-28 layers
    { n: 4, h: 28, w: 28, ci: 1, co: 8, kh: 4, kw: 4, sh: 2, sw: 2, pad: 'same' },
    { n: 3, h: 14, w: 14, ci: 8, co: 16, kh: 4, kw: 4, sh: 2, sw: 2, pad: 'same' },
    { n: 2, h: 28, w: 28, ci: 4, co: 1, kh: 4, kw: 4, sh: 2, sw: 2, pad: 'same' },
    // odd sizes, 3×3, all strides
    { n: 2, h: 7, w: 9, ci: 3, co: 5, kh: 3, kw: 3, sh: 1, sw: 1, pad: 'same' },
    { n: 2, h: 7, w: 9, ci: 3, co: 5, kh: 3, kw: 3, sh: 1, sw: 1, pad: 'valid' },
    { n: 2, h: 7, w: 9, ci: 3, co: 5, kh: 3, kw: 3, sh: 2, sw: 2, pad: 'same' },
    { n: 2, h: 7, w: 9, ci: 3, co: 5, kh: 3, kw: 3, sh: 2, sw: 2, pad: 'valid' },
    { n: 2, h: 11, w: 10, ci: 2, co: 3, kh: 3, kw: 3, sh: 3, sw: 3, pad: 'same' },
    { n: 2, h: 11, w: 10, ci: 2, co: 3, kh: 3, kw: 3, sh: 3, sw: 3, pad: 'valid' },
    // rectangular strides and kernels
    { n: 2, h: 9, w: 12, ci: 2, co: 4, kh: 3, kw: 2, sh: 1, sw: 2, pad: 'same' },
    { n: 2, h: 9, w: 12, ci: 2, co: 4, kh: 2, kw: 5, sh: 3, sw: 1, pad: 'valid' },
    { n: 1, h: 13, w: 8, ci: 3, co: 2, kh: 5, kw: 3, sh: 2, sw: 3, pad: 'same' },
    { n: 1, h: 13, w: 8, ci: 3, co: 2, kh: 4, kw: 1, sh: 3, sw: 2, pad: 'valid' },
    // 1×1 kernels (stride > kernel: some input pixels never touched)
    { n: 2, h: 5, w: 6, ci: 4, co: 3, kh: 1, kw: 1, sh: 1, sw: 1, pad: 'valid' },
    { n: 2, h: 5, w: 6, ci: 4, co: 3, kh: 1, kw: 1, sh: 2, sw: 2, pad: 'valid' },
    { n: 2, h: 7, w: 7, ci: 1, co: 1, kh: 1, kw: 1, sh: 3, sw: 2, pad: 'same' },
    // even kernels, odd sizes
    { n: 3, h: 9, w: 9, ci: 2, co: 3, kh: 2, kw: 2, sh: 1, sw: 1, pad: 'same' },
    { n: 3, h: 9, w: 9, ci: 2, co: 3, kh: 2, kw: 2, sh: 2, sw: 2, pad: 'same' },
    { n: 3, h: 9, w: 9, ci: 2, co: 3, kh: 4, kw: 4, sh: 2, sw: 2, pad: 'valid' },
    { n: 1, h: 15, w: 15, ci: 1, co: 2, kh: 6, kw: 4, sh: 3, sw: 3, pad: 'same' },
    // explicit padding, including pad ≥ kernel (forces crops of dy/x)
    { n: 2, h: 8, w: 7, ci: 2, co: 3, kh: 3, kw: 3, sh: 1, sw: 1, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
    { n: 2, h: 8, w: 7, ci: 2, co: 3, kh: 3, kw: 3, sh: 2, sw: 2, pad: [[0, 0], [2, 0], [1, 1], [0, 0]] },
    { n: 2, h: 8, w: 7, ci: 2, co: 3, kh: 3, kw: 3, sh: 1, sw: 1, pad: [[0, 0], [3, 3], [4, 0], [0, 0]] },
    { n: 1, h: 6, w: 6, ci: 2, co: 2, kh: 1, kw: 1, sh: 1, sw: 1, pad: [[0, 0], [1, 1], [2, 0], [0, 0]] },
    { n: 2, h: 10, w: 9, ci: 3, co: 2, kh: 4, kw: 2, sh: 3, sw: 2, pad: [[0, 0], [2, 1], [0, 3], [0, 0]] },
    // numeric padding with rounding modes
    { n: 2, h: 9, w: 9, ci: 2, co: 2, kh: 3, kw: 3, sh: 1, sw: 1, pad: 1 },
    { n: 2, h: 9, w: 8, ci: 2, co: 2, kh: 3, kw: 3, sh: 2, sw: 2, pad: 1, round: 'floor' },
    { n: 2, h: 9, w: 8, ci: 2, co: 2, kh: 3, kw: 3, sh: 2, sw: 2, pad: 1, round: 'ceil' },
    { n: 1, h: 10, w: 10, ci: 2, co: 3, kh: 4, kw: 4, sh: 3, sw: 3, pad: 2, round: 'round' },
    // channels 1 everywhere, batch 1
    { n: 1, h: 5, w: 5, ci: 1, co: 1, kh: 3, kw: 3, sh: 1, sw: 1, pad: 'same' },
    { n: 1, h: 5, w: 5, ci: 1, co: 1, kh: 5, kw: 5, sh: 1, sw: 1, pad: 'valid' },
    { n: 1, h: 6, w: 5, ci: 1, co: 1, kh: 2, kw: 3, sh: 2, sw: 1, pad: 'same' },
    // kernel larger than stride multiple, more channels
    { n: 5, h: 12, w: 11, ci: 17, co: 19, kh: 5, kw: 5, sh: 2, sw: 2, pad: 'same' },
    { n: 2, h: 16, w: 16, ci: 32, co: 24, kh: 3, kw: 3, sh: 1, sw: 1, pad: 'same' },
  ];
  // Seeded random geometries on top.
  const r = randomArray(400, 99);
  let k = 0;
  const pick = (lo: number, hi: number): number => lo + Math.floor(((r[k++ % r.length] + 1) / 2) * (hi - lo + 1));
  for (let i = 0; i < 24; i++) {
    const kh = pick(1, 5), kw = pick(1, 5), sh = pick(1, 3), sw = pick(1, 3);
    const h = pick(Math.max(kh, 2), 13), w = pick(Math.max(kw, 2), 13);
    const mode = pick(0, 2);
    const pad: Pad = mode === 0 ? 'valid' : mode === 1 ? 'same' : [[0, 0], [pick(0, 3), pick(0, 3)], [pick(0, 3), pick(0, 3)], [0, 0]];
    cases.push({ n: pick(1, 3), h, w, ci: pick(1, 6), co: pick(1, 6), kh, kw, sh, sw, pad });
  }
  return cases.filter((c) => outShape(c).every((d) => d > 0));
}
