/**
 * Pure index arithmetic shared by the conv-gradient kernels. Nothing in this
 * file touches a backend: it turns a tfjs `Conv2DInfo` (NHWC, dilation 1) into
 * the crop / pad / tap plans that the kernels then execute with stock
 * `Conv2D`, `Slice` and `Transpose` kernels.
 *
 * Notation (one spatial axis; the other axis is identical and independent):
 * input length `L` (= H or W), filter taps `K`, stride `s`, leading pad `p`
 * (`padInfo.top` / `padInfo.left`), output length `O` (= outHeight/outWidth).
 * The forward convolution reads input index `o·s + k − p` for output `o` and
 * tap `k`; out-of-range indices are zeros.
 *
 * @packageDocumentation
 */

/**
 * A 1-D window over a tensor axis of length `length`: the slice
 * `[cropBegin, cropEnd)` of the axis, extended by `padBefore` zeros in front
 * and `padAfter` zeros behind. When `empty` is true the wanted window does not
 * overlap the axis at all and every value read through it is zero.
 */
export interface AxisWindow {
  /** First index of the axis kept (inclusive). */
  cropBegin: number;
  /** One past the last index of the axis kept. */
  cropEnd: number;
  /** Zeros prepended after cropping (≥ 0). */
  padBefore: number;
  /** Zeros appended after cropping (≥ 0). */
  padAfter: number;
  /** True when the window lies entirely outside the axis. */
  empty: boolean;
}

/**
 * Express "read indices `[first, last]` of an axis of length `length`, where
 * out-of-range indices read zero" as a crop followed by a non-negative pad.
 *
 * Why: XNNPACK (wasm) and the cpu kernel only accept non-negative explicit
 * padding, so a negative pad must become a crop (`Slice`) of the operand.
 */
export function axisWindow(first: number, last: number, length: number): AxisWindow {
  const cropBegin = Math.max(0, first);
  const cropEnd = Math.min(length, last + 1);
  if (cropEnd <= cropBegin) {
    return { cropBegin: 0, cropEnd: 0, padBefore: 0, padAfter: 0, empty: true };
  }
  return {
    cropBegin,
    cropEnd,
    padBefore: cropBegin - first,
    padAfter: last + 1 - cropEnd,
    empty: false,
  };
}

/**
 * Window of the *input* axis that the filter gradient reads when it is computed
 * as one dilated convolution (see `conv2d-backprop-filter.ts`):
 *
 *   dW[k] = Σ_o x[o·s + k − p] · dy[o],   k ∈ [0, K), o ∈ [0, O)
 *
 * is a correlation of the zero-extended input with `dy` dilated by `s`, so it
 * reads input indices `[−p, (K − 1) + (O − 1)·s − p]`. The returned window's
 * padded length is exactly `K + (O − 1)·s`, which makes the dilated conv
 * produce exactly `K` outputs.
 */
export function filterGradWindow(length: number, taps: number, stride: number, padBefore: number, outLength: number): AxisWindow {
  return axisWindow(-padBefore, taps - 1 + (outLength - 1) * stride - padBefore, length);
}

/**
 * One sub-pixel phase of the input gradient along one axis.
 *
 * The input gradient of a stride-`s` conv is
 *
 *   dx[i] = Σ_{k, o : o·s + k − p = i} dy[o] · W[k].
 *
 * Split `i = q·s + a` with phase `a ∈ [0, s)`. Only taps with
 * `k ≡ (a + p) mod s` contribute, i.e. `k = c + s·t` with `c = (a + p) mod s`,
 * `t ∈ [0, T)`, `T = ⌈(K − c) / s⌉`, and then `o = q + e − t` with
 * `e = ⌊(a + p) / s⌋`. Flipping the taps (`u = T − 1 − t`) turns this into a
 * plain stride-1 correlation
 *
 *   dx[q·s + a] = Σ_u dy[q + u + off] · W[c + s·(T − 1 − u)],  off = e − T + 1,
 *
 * for `q ∈ [0, Q)`, `Q = ⌈(L − a) / s⌉`. So the full input gradient is `s`
 * (per axis; `s_h·s_w` in 2-D) small stride-1 convolutions with no wasted
 * multiply-by-zero work, interleaved back into `dx`.
 */
export interface SubPixelPhase {
  /** Phase `a`: this phase produces `dx[q·s + a]`. */
  phase: number;
  /** Number of outputs `Q` of this phase. */
  count: number;
  /** First tap `c` of the original filter used by this phase. */
  firstTap: number;
  /** Number of taps `T` of the phase's sub-filter (may be 0 → all zeros). */
  taps: number;
  /** Window of `dy` read by the stride-1 correlation. */
  window: AxisWindow;
}

/**
 * The `s` sub-pixel phases of the input gradient along one axis (see
 * {@link SubPixelPhase} for the derivation). Phases with `count = 0` (input
 * shorter than the stride) are omitted; phases with `taps = 0` or an empty
 * window contribute zeros.
 */
export function subPixelPhases(length: number, taps: number, stride: number, padBefore: number, outLength: number): SubPixelPhase[] {
  const phases: SubPixelPhase[] = [];
  for (let a = 0; a < stride; a++) {
    const count = Math.ceil((length - a) / stride);
    if (count <= 0) continue;
    const firstTap = (a + padBefore) % stride;
    const t = Math.max(0, Math.ceil((taps - firstTap) / stride));
    const e = Math.floor((a + padBefore) / stride);
    const off = e - t + 1;
    const window = t === 0
      ? { cropBegin: 0, cropEnd: 0, padBefore: 0, padAfter: 0, empty: true }
      : axisWindow(off, off + count + t - 2, outLength);
    phases.push({ phase: a, count, firstTap, taps: t, window });
  }
  return phases;
}

/** Explicit NHWC padding in the form `computeConv2DInfo` accepts. */
export type ExplicitPad = [[number, number], [number, number], [number, number], [number, number]];

/** Build the explicit NHWC pad `[[0,0],[top,bottom],[left,right],[0,0]]` from two windows. */
export function explicitPad(rows: AxisWindow, cols: AxisWindow): ExplicitPad {
  return [[0, 0], [rows.padBefore, rows.padAfter], [cols.padBefore, cols.padAfter], [0, 0]];
}

/**
 * Multiply–accumulate count of a dilation-1 NHWC convolution (forward, or
 * either gradient, which all cost the same): `2·N·Ho·Wo·Kh·Kw·Ci·Co` FLOPs.
 */
export function convFlops(batch: number, outH: number, outW: number, kh: number, kw: number, ci: number, co: number): number {
  return 2 * batch * outH * outW * kh * kw * ci * co;
}
