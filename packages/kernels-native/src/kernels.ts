import { BatchMatMul, Conv2D, Conv2DBackpropFilter, Conv2DBackpropInput, FusedConv2D, _FusedMatMul, backend_util, util } from '@tensorflow/tfjs-core';
import type {
  BatchMatMulAttrs, BatchMatMulInputs, Conv2DAttrs, Conv2DBackpropFilterAttrs, Conv2DBackpropFilterInputs,
  Conv2DBackpropInputAttrs, Conv2DBackpropInputInputs, Conv2DInputs, FusedConv2DAttrs, FusedConv2DInputs, KernelBackend, KernelConfig,
  KernelFunc, TensorInfo, _FusedMatMulAttrs, _FusedMatMulInputs,
} from '@tensorflow/tfjs-core';
import type { NativeAddon } from './addon.js';

/** The parts of tfjs-backend-wasm's `BackendWasm` the native kernels use. */
interface WasmBackendLike extends KernelBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

/** Looks up the kernel a native kernel displaced (Gantry's or stock tfjs'), for the cases it hands on. */
export type PreviousKernel = (kernelName: string) => KernelConfig | undefined;

type KernelArgs = Parameters<KernelFunc>[0];

function delegate(previous: PreviousKernel, kernelName: string, args: KernelArgs): TensorInfo | TensorInfo[] {
  const prev = previous(kernelName);
  if (prev == null) throw new Error(`@gantry/kernels-native: no fallback kernel for ${kernelName} on wasm`);
  return prev.kernelFunc(args);
}

/** `[n, h, w, ci, kh, kw, co, sh, sw, padTop, padLeft, outH, outW]` of a dilation-1 NHWC conv. */
function geometry(info: backend_util.Conv2DInfo): number[] {
  return [
    info.batchSize, info.inHeight, info.inWidth, info.inChannels,
    info.filterHeight, info.filterWidth, info.outChannels,
    info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left,
    info.outHeight, info.outWidth,
  ];
}

const isF32 = (...ts: TensorInfo[]): boolean => ts.every((t) => t.dtype === 'float32');
const channelsLast = (dataFormat: string | undefined): boolean => dataFormat == null || dataFormat === 'NHWC';
const size = (t: TensorInfo | number[]): number => util.sizeFromShape(Array.isArray(t) ? t : t.shape);

/**
 * Views of the inputs and the output, taken after the output is allocated: `makeOutput` can grow
 * the wasm memory, which detaches every earlier view of the heap.
 */
function run(
  backend: KernelBackend, outShape: number[], a: TensorInfo, b: TensorInfo,
  compute: (a: Float32Array, b: Float32Array, out: Float32Array) => void,
): TensorInfo {
  const wasm = backend as WasmBackendLike;
  const out = wasm.makeOutput(outShape, 'float32');
  const outView = wasm.typedArrayFromHeap(out);
  if (outView.length === 0) return out;
  const av = size(a) > 0 ? wasm.typedArrayFromHeap(a) : new Float32Array(0);
  const bv = size(b) > 0 ? wasm.typedArrayFromHeap(b) : new Float32Array(0);
  compute(av, bv, outView);
  return out;
}

/** Native forward conv of `x` with `filter`, or null when the case is not covered (dilation ≠ 1, NCHW, non-float32). */
function nativeConv2D(addon: NativeAddon, backend: KernelBackend, xi: TensorInfo, fi: TensorInfo, a: Conv2DAttrs): TensorInfo | null {
  const dil = a.dilations ?? 1;
  const dilated = typeof dil === 'number' ? dil !== 1 : dil.some((d) => d !== 1);
  if (!isF32(xi, fi) || !channelsLast(a.dataFormat) || dilated || xi.shape.length !== 4) return null;
  const info = backend_util.computeConv2DInfo(
    xi.shape as [number, number, number, number], fi.shape as [number, number, number, number],
    a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast',
  );
  return run(backend, info.outShape, xi, fi, (xv, wv, yv) => addon.conv2d(xv, wv, yv, geometry(info)));
}

/**
 * Native `Conv2D` for 'wasm' (NHWC, dilation 1, float32): im2col + OpenBLAS sgemm, straight on the
 * wasm heap. Other cases go to the kernel it displaced.
 */
export function conv2dNativeConfig(addon: NativeAddon, previous: PreviousKernel): KernelConfig {
  return {
    kernelName: Conv2D,
    backendName: 'wasm',
    kernelFunc: ((args: KernelArgs) => {
      const { x, filter } = args.inputs as unknown as Conv2DInputs;
      return nativeConv2D(addon, args.backend as KernelBackend, x as TensorInfo, filter as TensorInfo, args.attrs as unknown as Conv2DAttrs)
        ?? delegate(previous, Conv2D, args);
    }) as KernelFunc,
  };
}

/**
 * The geometry of the forward convolution behind a conv gradient kernel, or null when the native
 * path does not cover it (NCHW, not rank 4, or `dy` not of the forward output's shape).
 */
function gradientConvInfo(
  inputShape: readonly number[], filterShape: readonly number[],
  a: Pick<Conv2DBackpropInputAttrs, 'strides' | 'pad' | 'dimRoundingMode' | 'dataFormat'>, dyShape: readonly number[],
): backend_util.Conv2DInfo | null {
  if (!channelsLast(a.dataFormat) || inputShape.length !== 4) return null;
  const info = backend_util.computeConv2DInfo(
    inputShape as [number, number, number, number], filterShape as [number, number, number, number],
    a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast',
  );
  return util.arraysEqual(info.outShape, [...dyShape]) ? info : null;
}

/**
 * Native `Conv2DBackpropInput` for 'wasm' (the input gradient of `conv2d` and the forward pass of
 * `conv2dTranspose`): `dy · Wᵀ` by sgemm, then col2im. NHWC float32 only; others go to the displaced kernel.
 */
export function conv2dBackpropInputNativeConfig(addon: NativeAddon, previous: PreviousKernel): KernelConfig {
  return {
    kernelName: Conv2DBackpropInput,
    backendName: 'wasm',
    kernelFunc: ((args: KernelArgs) => {
      const { dy, filter } = args.inputs as unknown as Conv2DBackpropInputInputs;
      const a = args.attrs as unknown as Conv2DBackpropInputAttrs;
      const dyi = dy as TensorInfo, fi = filter as TensorInfo;
      const info = isF32(dyi, fi) ? gradientConvInfo(a.inputShape, fi.shape, a, dyi.shape) : null;
      if (info == null) return delegate(previous, Conv2DBackpropInput, args);
      return run(args.backend as KernelBackend, [...a.inputShape], dyi, fi, (dyv, wv, dxv) => addon.conv2dBackpropInput(dyv, wv, dxv, geometry(info)));
    }) as KernelFunc,
  };
}

/**
 * Native `Conv2DBackpropFilter` for 'wasm' (tfjs-backend-wasm 4.22 has none): `im2col(x)ᵀ · dy` by
 * sgemm, accumulated over row chunks. NHWC float32 only; others go to the displaced kernel.
 */
export function conv2dBackpropFilterNativeConfig(addon: NativeAddon, previous: PreviousKernel): KernelConfig {
  return {
    kernelName: Conv2DBackpropFilter,
    backendName: 'wasm',
    kernelFunc: ((args: KernelArgs) => {
      const { x, dy } = args.inputs as unknown as Conv2DBackpropFilterInputs;
      const a = args.attrs as unknown as Conv2DBackpropFilterAttrs;
      const xi = x as TensorInfo, dyi = dy as TensorInfo;
      const info = isF32(xi, dyi) ? gradientConvInfo(xi.shape, a.filterShape, a, dyi.shape) : null;
      if (info == null) return delegate(previous, Conv2DBackpropFilter, args);
      return run(args.backend as KernelBackend, [...a.filterShape], xi, dyi, (xv, dyv, dwv) => addon.conv2dBackpropFilter(xv, dyv, dwv, geometry(info)));
    }) as KernelFunc,
  };
}

/** Native `op(a) · op(b)`, or null when the case is not covered (non-float32, outer dims broadcasting both ways). */
function nativeMatMul(addon: NativeAddon, backend: KernelBackend, ai: TensorInfo, bi: TensorInfo, transposeA: boolean, transposeB: boolean): TensorInfo | null {
  const ra = ai.shape.length, rb = bi.shape.length;
  if (!isF32(ai, bi) || ra < 2 || rb < 2) return null;
  const ta = !!transposeA, tb = !!transposeB;
  const m = ta ? ai.shape[ra - 1] : ai.shape[ra - 2];
  const k = ta ? ai.shape[ra - 2] : ai.shape[ra - 1];
  const kb = tb ? bi.shape[rb - 1] : bi.shape[rb - 2];
  const n = tb ? bi.shape[rb - 2] : bi.shape[rb - 1];
  if (k !== kb) return null; // the stock kernel throws the proper error
  const outerA = ai.shape.slice(0, -2), outerB = bi.shape.slice(0, -2);
  let outer: number[];
  try {
    outer = backend_util.assertAndGetBroadcastShape(outerA, outerB);
  } catch {
    return null;
  }
  const batchA = size(outerA), batchB = size(outerB), batch = size(outer);
  if ((batchA !== batch && batchA !== 1) || (batchB !== batch && batchB !== 1)) return null;
  const dims = [batchA, batchB, m, n, k, ta ? 1 : 0, tb ? 1 : 0];
  return run(backend, [...outer, m, n], ai, bi, (av, bv, ov) => addon.batchMatMul(av, bv, ov, dims));
}

/**
 * Native `BatchMatMul` for 'wasm': one sgemm per batch entry (transposes handled by BLAS, no
 * copies), or one tall sgemm when an unbatched right operand is shared. float32 only, and outer
 * dimensions that are equal or broadcast from a single entry; others go to the displaced kernel.
 */
export function batchMatMulNativeConfig(addon: NativeAddon, previous: PreviousKernel): KernelConfig {
  return {
    kernelName: BatchMatMul,
    backendName: 'wasm',
    kernelFunc: ((args: KernelArgs) => {
      const { a, b } = args.inputs as unknown as BatchMatMulInputs;
      const attrs = args.attrs as unknown as BatchMatMulAttrs;
      return nativeMatMul(addon, args.backend as KernelBackend, a as TensorInfo, b as TensorInfo, attrs.transposeA, attrs.transposeB)
        ?? delegate(previous, BatchMatMul, args);
    }) as KernelFunc,
  };
}

/** Activations the fused epilogue applies (tfjs' `backend_util.applyActivation`); `prelu` is handed on. */
const EPILOGUES = new Set(['linear', 'relu', 'relu6', 'leakyrelu', 'elu', 'sigmoid']);

/** A bias the epilogue can add: one value per output channel (last axis) or a single value. */
function epilogueBias(bias: TensorInfo | undefined, channels: number): boolean {
  if (bias == null) return true;
  if (bias.dtype !== 'float32') return false;
  const n = size(bias);
  return n === 1 || (n === channels && bias.shape[bias.shape.length - 1] === channels);
}

/** `out ← act(out + bias)` in place, bias broadcast over the last axis of length `channels`. */
function applyEpilogue(
  backend: KernelBackend, out: TensorInfo, bias: TensorInfo | undefined, channels: number, activation: string, alpha: number,
): void {
  const wasm = backend as WasmBackendLike;
  const y = wasm.typedArrayFromHeap(out);
  if (y.length === 0) return;
  if (bias != null && size(bias) > 0) {
    const b = wasm.typedArrayFromHeap(bias);
    if (b.length === 1) { const v = b[0]; for (let i = 0; i < y.length; i++) y[i] += v; }
    else for (let i = 0; i < y.length; i += channels) for (let c = 0; c < channels; c++) y[i + c] += b[c];
  }
  switch (activation) {
    case 'relu': for (let i = 0; i < y.length; i++) if (!(y[i] > 0)) y[i] = Number.isNaN(y[i]) ? y[i] : 0; break;
    case 'relu6': for (let i = 0; i < y.length; i++) y[i] = Number.isNaN(y[i]) ? y[i] : Math.min(Math.max(y[i], 0), 6); break;
    case 'leakyrelu': for (let i = 0; i < y.length; i++) if (y[i] < 0) y[i] *= alpha; break;
    case 'elu': for (let i = 0; i < y.length; i++) if (y[i] < 0) y[i] = Math.exp(y[i]) - 1; break;
    case 'sigmoid': for (let i = 0; i < y.length; i++) y[i] = 1 / (1 + Math.exp(-y[i])); break;
    default: break; // linear
  }
}

/**
 * Native `FusedConv2D` for 'wasm' (what tfjs-layers' `conv2d` layers run outside gradient tapes and
 * with a linear activation): the native conv plus a JavaScript epilogue for the bias (one per
 * output channel, or a scalar) and `linear` / `relu` / `relu6` / `leakyrelu` / `elu` / `sigmoid`.
 * `prelu`, other bias shapes and the cases {@link conv2dNativeConfig} hands on go to the displaced kernel.
 */
export function fusedConv2dNativeConfig(addon: NativeAddon, previous: PreviousKernel): KernelConfig {
  return {
    kernelName: FusedConv2D,
    backendName: 'wasm',
    kernelFunc: ((args: KernelArgs) => {
      const { x, filter, bias, preluActivationWeights } = args.inputs as unknown as FusedConv2DInputs;
      const a = args.attrs as unknown as FusedConv2DAttrs;
      const fi = filter as TensorInfo;
      const co = fi.shape[3];
      if (preluActivationWeights != null || !EPILOGUES.has(a.activation ?? 'linear') || !epilogueBias(bias as TensorInfo | undefined, co)) {
        return delegate(previous, FusedConv2D, args);
      }
      const backend = args.backend as KernelBackend;
      const out = nativeConv2D(addon, backend, x as TensorInfo, fi, a);
      if (out == null) return delegate(previous, FusedConv2D, args);
      applyEpilogue(backend, out, bias as TensorInfo | undefined, co, a.activation ?? 'linear', a.leakyreluAlpha ?? 0.2);
      return out;
    }) as KernelFunc,
  };
}

/**
 * Native `_FusedMatMul` for 'wasm' (tfjs-layers' `dense` layers): {@link batchMatMulNativeConfig}'s
 * product plus the same epilogue as {@link fusedConv2dNativeConfig} (bias per output column or scalar).
 */
export function fusedMatMulNativeConfig(addon: NativeAddon, previous: PreviousKernel): KernelConfig {
  return {
    kernelName: _FusedMatMul,
    backendName: 'wasm',
    kernelFunc: ((args: KernelArgs) => {
      const { a, b, bias, preluActivationWeights } = args.inputs as unknown as _FusedMatMulInputs;
      const attrs = args.attrs as unknown as _FusedMatMulAttrs;
      const bi = b as TensorInfo;
      const n = attrs.transposeB ? bi.shape[bi.shape.length - 2] : bi.shape[bi.shape.length - 1];
      if (preluActivationWeights != null || !EPILOGUES.has(attrs.activation ?? 'linear') || !epilogueBias(bias as TensorInfo | undefined, n)) {
        return delegate(previous, _FusedMatMul, args);
      }
      const backend = args.backend as KernelBackend;
      const out = nativeMatMul(addon, backend, a as TensorInfo, bi, attrs.transposeA, attrs.transposeB);
      if (out == null) return delegate(previous, _FusedMatMul, args);
      applyEpilogue(backend, out, bias as TensorInfo | undefined, n, attrs.activation ?? 'linear', attrs.leakyreluAlpha ?? 0.2);
      return out;
    }) as KernelFunc,
  };
}
