import { Mean, Sum, backend_util, util } from '@tensorflow/tfjs-core';
import type { KernelBackend, KernelConfig, KernelFunc, MeanAttrs, SumAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendOps } from './backend-ops.js';
import { wasmOps } from './backend-ops.js';
import { stockKernel } from './kernel-registry.js';

/**
 * Column sums of a row-major `[m, c]` block: `out[j] = Σ_i x[off + i·c + j]`,
 * accumulated in float64 four rows at a time (pairwise within the group).
 *
 * Why four rows: V8 keeps the four loads of one column in registers, which is
 * ~3× faster than one `acc[j] += x[i·c+j]` per element (measured on a
 * `[12544, 128]` block: 5.3 → 1.6 ms).
 */
export function columnSums(x: Float32Array, off: number, m: number, c: number, out: Float32Array, outOff = 0, scale = 1): void {
  const acc = new Float64Array(c);
  const c2 = 2 * c, c3 = 3 * c;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const o = off + i * c;
    for (let j = 0; j < c; j++) acc[j] += (x[o + j] + x[o + c + j]) + (x[o + c2 + j] + x[o + c3 + j]);
  }
  for (; i < m; i++) {
    const o = off + i * c;
    for (let j = 0; j < c; j++) acc[j] += x[o + j];
  }
  for (let j = 0; j < c; j++) out[outOff + j] = acc[j] * scale;
}

/**
 * How {@link leadingReducePlan} reduces a tensor: `x` viewed as `[outer, m, inner]`,
 * the reduced axes forming the middle block of `m` elements, so the result holds
 * the `outer·inner` sums over that middle axis, with no transpose.
 */
export interface ReducePlan {
  /** Product of the axes before the reduced ones. */
  outer: number;
  /** Product of the reduced axes (the number of values summed per output). */
  m: number;
  /** Product of the axes after the reduced ones (> 1, else stock tfjs is used). */
  inner: number;
  /** Shape of the result (with size-1 reduced axes when `keepDims`). */
  outShape: number[];
}

/**
 * Plan a reduction over `axis` when the reduced axes are contiguous but not
 * the trailing ones (the case stock wasm handles by a full transpose). Returns
 * null when stock is already fine (trailing axes, nothing to reduce) or the
 * axes are not contiguous.
 */
export function leadingReducePlan(shape: readonly number[], axis: number | number[], keepDims: boolean): ReducePlan | null {
  const axes = util.parseAxisParam(axis, shape as number[]).slice().sort((a, b) => a - b);
  if (axes.length === 0) return null;
  for (let i = 1; i < axes.length; i++) if (axes[i] !== axes[0] + i) return null;
  const first = axes[0], last = axes[axes.length - 1];
  const inner = util.sizeFromShape(shape.slice(last + 1) as number[]);
  if (inner === 1) return null; // reduced axes are innermost: stock reduces without transposing
  const outer = util.sizeFromShape(shape.slice(0, first) as number[]);
  const m = util.sizeFromShape(shape.slice(first, last + 1) as number[]);
  const kept = shape.filter((_, d) => d < first || d > last);
  const outShape = keepDims ? backend_util.expandShapeToKeepDim(kept as number[], axes) : kept as number[];
  return { outer, m, inner, outShape: outShape as number[] };
}

/** Below this many columns XNNPACK's pooling has too little to vectorise and the JS loop wins. */
const POOL_MIN_COLS = 4;

/**
 * Σ over the middle block of `x` viewed as `[outer, m, inner]`, times `scale`.
 *
 * Runs as ONE XNNPACK average pooling: `x` reshaped (no copy) to the NHWC
 * image `[outer, m, 1, inner]` pooled with an `m×1` window gives
 * `(1/m)·Σ_i x[o,i,j]` for every `(o, j)` — channels stay innermost, so no
 * transpose is needed. The result is rescaled by `m·scale` when that is not 1.
 *
 * Why pooling rather than a ones-vector GEMM: wasm's GEMM packs its right
 * operand as "weights" and caches the packing per tensor, so `1ᵀ·X` repacks
 * the whole of a fresh `X` on every call (measured 11 ms for [12544, 128],
 * as slow as stock) while the pooling reads `X` once (~1 ms). Narrow rows
 * (`inner < 4`) use {@link columnSums} instead.
 */
function reduceMiddle(ops: BackendOps, x: TensorInfo, plan: ReducePlan, scale: number): TensorInfo {
  const { outer, m, inner, outShape } = plan;
  if (inner >= POOL_MIN_COLS && m >= 2) {
    const pooled = ops.run('AvgPool', { x: ops.reshape(x, [outer, m, 1, inner]) }, {
      filterSize: [m, 1], strides: [1, 1], pad: 'valid',
    });
    const k = m * scale;
    if (k !== 1) {
      const v = ops.view(pooled);
      for (let j = 0; j < outer * inner; j++) v[j] *= k;
    }
    return ops.reshape(pooled, outShape);
  }
  const out = ops.alloc(outShape, false);
  const src = ops.view(x), dst = ops.view(out);
  for (let o = 0; o < outer; o++) columnSums(src, o * m * inner, m, inner, dst, o * inner, scale);
  return out;
}

/**
 * `Sum` for the 'wasm' backend when the reduced axes are leading (or any
 * contiguous non-trailing block), e.g. `Σ_{n,h,w} x[n,h,w,c]`:
 *
 *   out[o, j] = Σ_i x[o, i, j]    (x viewed as [outer, m, inner])
 *
 * Why: stock wasm transposes the reduced axes to the end first (a full
 * strided copy) and then reduces; for BatchNorm statistics and bias / BN
 * gradients over [64,14,14,128] that was ~15 ms per call, against ~1 ms
 * for an XNNPACK average pooling over the reduced block. Trailing-axis, non-contiguous and non-float32
 * reductions go to the stock kernel.
 */
export const sumWasmConfig: KernelConfig = {
  kernelName: Sum,
  backendName: 'wasm',
  kernelFunc: ((args) => {
    const x = args.inputs.x as TensorInfo;
    const { axis, keepDims } = args.attrs as unknown as SumAttrs;
    const plan = x.dtype === 'float32' && util.sizeFromShape(x.shape) > 0 ? leadingReducePlan(x.shape, axis, keepDims) : null;
    if (plan == null) return stockKernel(Sum, 'wasm')!.kernelFunc(args);
    return reduceMiddle(wasmOps(args.backend as KernelBackend), x, plan, 1);
  }) as KernelFunc,
};

/**
 * `Mean` for the 'wasm' backend over leading / contiguous non-trailing axes:
 * `out[o, j] = (1/m)·Σ_i x[o, i, j]` — same plan and reason as
 * {@link sumWasmConfig} (moments of BatchNorm). Other cases go to stock.
 */
export const meanWasmConfig: KernelConfig = {
  kernelName: Mean,
  backendName: 'wasm',
  kernelFunc: ((args) => {
    const x = args.inputs.x as TensorInfo;
    const { axis, keepDims } = args.attrs as unknown as MeanAttrs;
    const plan = x.dtype === 'float32' && util.sizeFromShape(x.shape) > 0 ? leadingReducePlan(x.shape, axis, keepDims) : null;
    if (plan == null) return stockKernel(Mean, 'wasm')!.kernelFunc(args);
    return reduceMiddle(wasmOps(args.backend as KernelBackend), x, plan, 1 / plan.m);
  }) as KernelFunc,
};
