import { backend_util } from '@tensorflow/tfjs-core';
import type { Conv2DBackpropInputAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendOps } from './backend-ops.js';

/**
 * Input gradient of a 2-D convolution (NHWC, dilation 1) — the forward pass
 * of `conv2dTranspose` — as ONE GEMM followed by a col2im scatter-add:
 *
 *   P[m, (kh,kw,ci)] = Σ_co dy[m, co] · W[kh,kw,ci,co]        (m = (n,y,x); GEMM [M, Co] × [Co, Kh·Kw·Ci])
 *   dx[n, y·sh+kh−pt, x·sw+kw−pl, ci] += P[(n,y,x), (kh,kw,ci)]   (taps falling outside dx are dropped)
 *
 * The FLOPs equal the forward conv's (no multiply-by-zero work) plus
 * `M·Kh·Kw·Ci` additions for the scatter.
 *
 * Why: for few input channels (`Ci`, e.g. the 1-channel image layer of a
 * DCGAN generator, 14×14×128 → 28×28×1) the sub-pixel decomposition runs
 * convs with `Ci` output channels, a GEMM with N = 1 that XNNPACK executes at
 * ~3 GFLOP/s. Here the GEMM has N = Kh·Kw·Ci (16 for a 4×4 kernel) and the
 * scatter is cheap because `Ci` is small.
 *
 * Needs `BatchMatMul` on the backend. `dataFormat` must be 'NHWC'. Returns a
 * new float32 `TensorInfo` of shape `inputShape` owned by the caller.
 */
export function conv2dBackpropInputViaGemm(ops: BackendOps, dy: TensorInfo, filter: TensorInfo, attrs: Conv2DBackpropInputAttrs): TensorInfo {
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs;
  const format = backend_util.convertConv2DDataFormat(dataFormat);
  if (format !== 'channelsLast') throw new Error(`@gantry/kernels: Conv2DBackpropInput supports only NHWC, got ${dataFormat}`);
  const info = backend_util.computeConv2DInfo(
    inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, format,
  );
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: ci, outChannels: co, filterHeight: kh, filterWidth: kw,
    outHeight: ho, outWidth: wo, strideHeight: sh, strideWidth: sw } = info;
  const pt = info.padInfo.top, pl = info.padInfo.left;
  const m = n * ho * wo, k = kh * kw * ci;
  if (m === 0 || k === 0 || co === 0) return ops.alloc([n, h, w, ci]);

  // Wᵀ [Co, K], built here (it is tiny) so the GEMM runs untransposed, its fast path.
  const wT = ops.alloc([1, co, k], false);
  {
    const dst = ops.view(wT), src = ops.view(filter);
    for (let r = 0; r < k; r++) for (let o = 0; o < co; o++) dst[o * k + r] = src[r * co + o];
  }
  const p = ops.run('BatchMatMul', { a: ops.reshape(dy, [1, m, co]), b: wT }, { transposeA: false, transposeB: false });
  ops.dispose(wT);

  const dx = ops.alloc([n, h, w, ci]);
  const src = ops.view(p), dst = ops.view(dx); // views after the last allocation
  col2im(src, dst, n, h, w, ci, ho, wo, kh, kw, sh, sw, pt, pl);
  ops.dispose(p);
  return dx;
}

/** dx[n, y·sh+a−pt, x·sw+b−pl, c] += P[(n,y,x), (a,b,c)] for in-range targets. */
function col2im(
  p: Float32Array, dx: Float32Array, n: number, h: number, w: number, ci: number, ho: number, wo: number,
  kh: number, kw: number, sh: number, sw: number, pt: number, pl: number,
): void {
  const k = kh * kw * ci;
  let s = 0;
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < ho; y++) {
      for (let x = 0; x < wo; x++, s += k) {
        for (let a = 0; a < kh; a++) {
          const i = y * sh + a - pt;
          if (i < 0 || i >= h) continue;
          const row = (b * h + i) * w;
          for (let e = 0; e < kw; e++) {
            const j = x * sw + e - pl;
            if (j < 0 || j >= w) continue;
            const d = (row + j) * ci, t = s + (a * kw + e) * ci;
            for (let c = 0; c < ci; c++) dx[d + c] += p[t + c];
          }
        }
      }
    }
  }
}
