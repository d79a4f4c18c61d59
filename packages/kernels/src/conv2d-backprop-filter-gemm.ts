import { backend_util } from '@tensorflow/tfjs-core';
import type { Conv2DBackpropFilterAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendOps } from './backend-ops.js';

/**
 * Filter gradient of a 2-D convolution (NHWC, dilation 1) as an explicit
 * im2col followed by ONE GEMM:
 *
 *   X̂[(kh,kw,ci), (n,y,x)] = x[n, y·sh+kh−pt, x·sw+kw−pl, ci]   (0 outside x)
 *   dW[(kh,kw,ci), co]     = Σ_{(n,y,x)} X̂[(kh,kw,ci), (n,y,x)] · dy[(n,y,x), co]
 *
 * i.e. `dW = X̂ · dy` with `X̂` of shape `[Kh·Kw·Ci, N·Ho·Wo]`, evaluated as
 * `(dyᵀ · X̂ᵀ)ᵀ` (see the body for why).
 *
 * Why: with few input channels (the image layer of a DCGAN discriminator,
 * x = [64, 28, 28, 1]) the dilated-conv formulation produces only
 * `Ci·Kh·Kw = 16` output pixels for a 12544-long reduction, a shape XNNPACK's
 * conv runs at ~3 GFLOP/s. `X̂` is only `Kh·Kw·Ci / (sh·sw)` times the size of
 * `x` (4× here), cheap to build for small `Ci`.
 *
 * Needs `BatchMatMul` on the backend. `dataFormat` must be 'NHWC'. Returns a
 * new float32 `TensorInfo` of shape `filterShape` owned by the caller.
 */
export function conv2dBackpropFilterViaGemm(ops: BackendOps, x: TensorInfo, dy: TensorInfo, attrs: Conv2DBackpropFilterAttrs): TensorInfo {
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  const format = backend_util.convertConv2DDataFormat(dataFormat);
  if (format !== 'channelsLast') throw new Error(`@gantry/kernels: Conv2DBackpropFilter supports only NHWC, got ${dataFormat}`);
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, format,
  );
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: ci, outChannels: co, filterHeight: kh, filterWidth: kw,
    outHeight: ho, outWidth: wo, strideHeight: sh, strideWidth: sw } = info;
  const m = n * ho * wo, k = kh * kw * ci;
  if (m === 0 || k === 0 || co === 0) return ops.alloc([kh, kw, ci, co]);

  // dWᵀ = dyᵀ · X̂ᵀ: dyᵀ is the GEMM's left operand and the small X̂ᵀ [M, K] its right one.
  // Why this orientation: wasm's GEMM re-packs its right operand on every call
  // (~6 ns per element); packing dy [M, Co] (0.8–1.6 M values) cost more than
  // the GEMM itself, while the JS transpose of dy is cheaper.
  const cols = ops.alloc([1, m, k], false);
  const dyT = ops.alloc([1, co, m], false);
  im2col(ops.view(x), ops.view(cols), n, h, w, ci, ho, wo, kh, kw, sh, sw, info.padInfo.top, info.padInfo.left);
  transpose2d(ops.view(dy), ops.view(dyT), m, co);
  const outT = ops.run('BatchMatMul', { a: dyT, b: cols }, { transposeA: false, transposeB: false }); // [co, k]
  ops.dispose(cols);
  ops.dispose(dyT);
  const out = ops.alloc([kh, kw, ci, co], false);
  transpose2d(ops.view(outT), ops.view(out), co, k);
  ops.dispose(outT);
  return out;
}

/** `dst[c, r] = src[r, c]` for a row-major `[rows, cols]` `src`, in 32×32 tiles (cache-friendly both ways). */
function transpose2d(src: Float32Array, dst: Float32Array, rows: number, cols: number): void {
  const B = 32;
  for (let r0 = 0; r0 < rows; r0 += B) {
    const r1 = Math.min(rows, r0 + B);
    for (let c0 = 0; c0 < cols; c0 += B) {
      const c1 = Math.min(cols, c0 + B);
      for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) dst[c * rows + r] = src[r * cols + c];
    }
  }
}

/** X̂ᵀ[(n,y,x), (a,b,c)] = x[n, y·sh+a−pt, x·sw+b−pl, c], zero outside x; `[N·Ho·Wo, Kh·Kw·Ci]` row-major. */
function im2col(
  x: Float32Array, out: Float32Array, n: number, h: number, w: number, ci: number, ho: number, wo: number,
  kh: number, kw: number, sh: number, sw: number, pt: number, pl: number,
): void {
  let d = 0;
  for (let bn = 0; bn < n; bn++) for (let y = 0; y < ho; y++) for (let xx = 0; xx < wo; xx++) {
    for (let a = 0; a < kh; a++) {
      const i = y * sh + a - pt;
      for (let b = 0; b < kw; b++) {
        const j = xx * sw + b - pl;
        if (i < 0 || i >= h || j < 0 || j >= w) { for (let c = 0; c < ci; c++) out[d++] = 0; continue; }
        const s = ((bn * h + i) * w + j) * ci;
        for (let c = 0; c < ci; c++) out[d++] = x[s + c];
      }
    }
  }
}
