import { backend_util } from '@tensorflow/tfjs-core';
import type { Conv2DBackpropInputAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendOps } from './backend-ops.js';
import { explicitPad, subPixelPhases } from './conv-geometry.js';
import type { SubPixelPhase } from './conv-geometry.js';
import { derivedFilters } from './filter-cache.js';

/**
 * Input gradient of a 2-D convolution (NHWC, dilation 1) — equivalently the
 * forward pass of `conv2dTranspose` — computed by sub-pixel decomposition into
 * `sh·sw` stride-1 convolutions run by the backend's own `Conv2D` kernel:
 *
 *   dx[n,i,j,ci] = Σ_{kh,kw,co : y·sh+kh−pt = i, x·sw+kw−pl = j} dy[n,y,x,co] · W[kh,kw,ci,co]
 *
 * For the output phase `(i mod sh, j mod sw) = (ah, aw)` only the taps
 * `kh ≡ (ah+pt) mod sh`, `kw ≡ (aw+pl) mod sw` contribute; flipping them
 * gives a stride-1 correlation of `dy` with the sub-filter
 *
 *   F[uh,uw,co,ci] = W[ch + sh·(Th−1−uh), cw + sw·(Tw−1−uw), ci, co]
 *
 * whose result is written to `dx[n, q·sh+ah, r·sw+aw, ci]` (derivation and
 * the crop/pad of `dy` in {@link subPixelPhases}).
 *
 * Why: tfjs' stock kernels loop over the zero-inserted ("dilated") `dy` in
 * scalar code (wasm: ~3 GFLOP/s, 10× below its XNNPACK conv). Each phase here
 * is a dense conv with no multiply-by-zero work, so the total FLOPs equal the
 * forward conv and all of it runs in the backend's fastest kernel. For stride
 * 1 it is a single flipped-filter conv with no interleave.
 *
 * `dataFormat` must be 'NHWC'. Returns a new float32 `TensorInfo` of shape
 * `inputShape` owned by the caller; all intermediates are released.
 */
export function conv2dBackpropInputViaSubPixel(ops: BackendOps, dy: TensorInfo, filter: TensorInfo, attrs: Conv2DBackpropInputAttrs): TensorInfo {
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs;
  const format = backend_util.convertConv2DDataFormat(dataFormat);
  if (format !== 'channelsLast') throw new Error(`@gantry/kernels: Conv2DBackpropInput supports only NHWC, got ${dataFormat}`);
  const info = backend_util.computeConv2DInfo(
    inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, format,
  );
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: ci, outChannels: co, filterHeight: kh, filterWidth: kw,
    outHeight: ho, outWidth: wo, strideHeight: sh, strideWidth: sw } = info;
  const rowPhases = subPixelPhases(h, kh, sh, info.padInfo.top, ho);
  const colPhases = subPixelPhases(w, kw, sw, info.padInfo.left, wo);

  const direct = sh === 1 && sw === 1;
  // Every dx element belongs to exactly one phase; only phases without taps leave zeros behind.
  const needsZeros = [...rowPhases, ...colPhases].some((p) => p.window.empty);
  const dx = direct ? null : ops.alloc([n, h, w, ci], needsZeros);
  if (n === 0 || ci === 0) return dx ?? ops.alloc([n, h, w, ci]);

  // Flipped sub-filters of every phase pair, cached per filter (see filter-cache.ts).
  const pairs: [SubPixelPhase, SubPixelPhase][] = [];
  for (const rp of rowPhases) for (const cp of colPhases) if (!rp.window.empty && !cp.window.empty) pairs.push([rp, cp]);
  if (pairs.length === 0) return dx ?? ops.alloc([n, h, w, ci]); // no tap ever reaches dx (dx was zero-filled)
  const key = `subpixel ${kh},${kw},${ci},${co} ${sh},${sw} ${pairs.map(([r, c]) => `${r.firstTap}/${r.taps}:${c.firstTap}/${c.taps}`).join(' ')}`;
  const subs = derivedFilters(ops, filter, key, () => pairs.map(([rp, cp]) => subFilter(ops, filter, rp, cp, [kh, kw, ci, co], [sh, sw])));
  try {
    for (let p = 0; p < pairs.length; p++) {
      const [rp, cp] = pairs[p];
      const phaseOut = phaseConv(ops, dy, subs.tensors[p], rp, cp, co, n);
      if (direct) return phaseOut; // stride 1: the single phase is dx itself
      scatterPhase(ops.view(phaseOut), ops.view(dx!), n, h, w, ci, rp, cp, sh, sw);
      ops.dispose(phaseOut);
    }
  } finally {
    if (!subs.owned) for (const t of subs.tensors) ops.dispose(t);
  }
  return dx!;
}

/**
 * The flipped sub-filter of one phase pair, `F[uh,uw,co,ci] = W[ch + sh·(Th−1−uh), cw + sw·(Tw−1−uw), ci, co]`,
 * as a `[Th, Tw, co, ci]` tensor.
 */
function subFilter(
  ops: BackendOps, filter: TensorInfo, rp: SubPixelPhase, cp: SubPixelPhase, [, kw, ci, co]: number[], [sh, sw]: number[],
): TensorInfo {
  const th = rp.taps, tw = cp.taps;
  const sub = ops.alloc([th, tw, co, ci], false);
  const f = ops.view(sub);
  const src = ops.view(filter); // after alloc: wasm views die on heap growth
  for (let uh = 0; uh < th; uh++) {
    const fh = rp.firstTap + sh * (th - 1 - uh);
    for (let uw = 0; uw < tw; uw++) {
      const fw = cp.firstTap + sw * (tw - 1 - uw);
      const srcBase = (fh * kw + fw) * ci * co;
      const dstBase = (uh * tw + uw) * co * ci;
      for (let c = 0; c < ci; c++) {
        const s0 = srcBase + c * co;
        for (let o = 0; o < co; o++) f[dstBase + o * ci + c] = src[s0 + o];
      }
    }
  }
  return sub;
}

/** One phase: crop `dy` and run a stride-1 conv with the phase's sub-filter → `[n, Qh, Qw, ci]`. */
function phaseConv(ops: BackendOps, dy: TensorInfo, sub: TensorInfo, rp: SubPixelPhase, cp: SubPixelPhase, co: number, n: number): TensorInfo {
  const dyShape = dy.shape;
  const rw = rp.window, cw = cp.window;
  const crop = rw.cropBegin !== 0 || rw.cropEnd !== dyShape[1] || cw.cropBegin !== 0 || cw.cropEnd !== dyShape[2];
  const dyc = crop
    ? ops.run('Slice', { x: dy }, {
      begin: [0, rw.cropBegin, cw.cropBegin, 0],
      size: [n, rw.cropEnd - rw.cropBegin, cw.cropEnd - cw.cropBegin, co],
    })
    : dy;
  const out = ops.run('Conv2D', { x: dyc, filter: sub }, {
    strides: [1, 1], pad: explicitPad(rw, cw), dataFormat: 'NHWC', dilations: [1, 1],
  });
  if (crop) ops.dispose(dyc);
  return out;
}

/** dx[n, q·sh+ah, r·sw+aw, :] = phase[n, q, r, :]. */
function scatterPhase(
  src: Float32Array, dst: Float32Array, n: number, h: number, w: number, ci: number,
  rp: SubPixelPhase, cp: SubPixelPhase, sh: number, sw: number,
): void {
  const qh = rp.count, qw = cp.count;
  const rowStride = w * ci, colStep = sw * ci;
  // On wasm both views live in the same heap: copyWithin on one view of the whole heap moves
  // each pixel's channels without allocating a subarray per pixel.
  const heap = ci >= 16 && src.buffer === dst.buffer ? new Float32Array(dst.buffer) : null;
  const so = src.byteOffset >> 2, dOff = dst.byteOffset >> 2;
  let s = 0;
  for (let b = 0; b < n; b++) {
    for (let q = 0; q < qh; q++) {
      let d = (b * h + q * sh + rp.phase) * rowStride + cp.phase * ci;
      if (heap != null) {
        for (let r = 0; r < qw; r++, d += colStep, s += ci) heap.copyWithin(dOff + d, so + s, so + s + ci);
      } else if (ci >= 16) {
        for (let r = 0; r < qw; r++, d += colStep, s += ci) dst.set(src.subarray(s, s + ci), d);
      } else {
        for (let r = 0; r < qw; r++, d += colStep) {
          for (let c = 0; c < ci; c++) dst[d + c] = src[s++];
        }
      }
    }
  }
}
