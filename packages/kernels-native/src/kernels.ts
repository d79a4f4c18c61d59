import { BatchMatMul, Conv2D, Conv2DBackpropFilter, Conv2DBackpropInput, backend_util, util } from '@tensorflow/tfjs-core';
import type {
  BatchMatMulAttrs, BatchMatMulInputs, Conv2DAttrs, Conv2DBackpropFilterAttrs, Conv2DBackpropFilterInputs,
  Conv2DBackpropInputAttrs, Conv2DBackpropInputInputs, Conv2DInputs, KernelBackend, KernelConfig, KernelFunc, TensorInfo,
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
      const a = args.attrs as unknown as Conv2DAttrs;
      const xi = x as TensorInfo, fi = filter as TensorInfo;
      const dil = a.dilations ?? 1;
      const dilated = typeof dil === 'number' ? dil !== 1 : dil.some((d) => d !== 1);
      if (!isF32(xi, fi) || !channelsLast(a.dataFormat) || dilated || xi.shape.length !== 4) return delegate(previous, Conv2D, args);
      const info = backend_util.computeConv2DInfo(
        xi.shape as [number, number, number, number], fi.shape as [number, number, number, number],
        a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast',
      );
      return run(args.backend as KernelBackend, info.outShape, xi, fi, (xv, wv, yv) => addon.conv2d(xv, wv, yv, geometry(info)));
    }) as KernelFunc,
  };
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
      if (!isF32(dyi, fi) || !channelsLast(a.dataFormat) || a.inputShape.length !== 4) return delegate(previous, Conv2DBackpropInput, args);
      const info = backend_util.computeConv2DInfo(
        a.inputShape as [number, number, number, number], fi.shape as [number, number, number, number],
        a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast',
      );
      if (!util.arraysEqual(info.outShape, dyi.shape)) return delegate(previous, Conv2DBackpropInput, args);
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
      if (!isF32(xi, dyi) || !channelsLast(a.dataFormat) || xi.shape.length !== 4) return delegate(previous, Conv2DBackpropFilter, args);
      const info = backend_util.computeConv2DInfo(
        xi.shape as [number, number, number, number], a.filterShape as [number, number, number, number],
        a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast',
      );
      if (!util.arraysEqual(info.outShape, dyi.shape)) return delegate(previous, Conv2DBackpropFilter, args);
      return run(args.backend as KernelBackend, [...a.filterShape], xi, dyi, (xv, dyv, dwv) => addon.conv2dBackpropFilter(xv, dyv, dwv, geometry(info)));
    }) as KernelFunc,
  };
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
      const ai = a as TensorInfo, bi = b as TensorInfo;
      const ra = ai.shape.length, rb = bi.shape.length;
      if (!isF32(ai, bi) || ra < 2 || rb < 2) return delegate(previous, BatchMatMul, args);
      const ta = !!attrs.transposeA, tb = !!attrs.transposeB;
      const m = ta ? ai.shape[ra - 1] : ai.shape[ra - 2];
      const k = ta ? ai.shape[ra - 2] : ai.shape[ra - 1];
      const kb = tb ? bi.shape[rb - 1] : bi.shape[rb - 2];
      const n = tb ? bi.shape[rb - 2] : bi.shape[rb - 1];
      if (k !== kb) return delegate(previous, BatchMatMul, args); // the stock kernel throws the proper error
      const outerA = ai.shape.slice(0, -2), outerB = bi.shape.slice(0, -2);
      let outer: number[];
      try {
        outer = backend_util.assertAndGetBroadcastShape(outerA, outerB);
      } catch {
        return delegate(previous, BatchMatMul, args);
      }
      const batchA = size(outerA), batchB = size(outerB), batch = size(outer);
      if ((batchA !== batch && batchA !== 1) || (batchB !== batch && batchB !== 1)) return delegate(previous, BatchMatMul, args);
      const dims = [batchA, batchB, m, n, k, ta ? 1 : 0, tb ? 1 : 0];
      return run(args.backend as KernelBackend, [...outer, m, n], ai, bi, (av, bv, ov) => addon.batchMatMul(av, bv, ov, dims));
    }) as KernelFunc,
  };
}
