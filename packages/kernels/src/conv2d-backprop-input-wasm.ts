import { Conv2DBackpropInput } from '@tensorflow/tfjs-core';
import type { Conv2DBackpropInputAttrs, Conv2DBackpropInputInputs, KernelBackend, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { wasmOps } from './backend-ops.js';
import { conv2dBackpropInputViaGemm } from './conv2d-backprop-input-gemm.js';
import { conv2dBackpropInputViaSubPixel } from './conv2d-backprop-input.js';

/**
 * Tuning of the wasm `Conv2DBackpropInput`: below `gemmMaxInChannels + 1`
 * input channels the GEMM + col2im formulation is used (default 4: measured
 * 2–4× faster than the sub-pixel convs for Ci ≤ 4, slower from Ci = 8);
 * 0 disables it. Set through `registerWasmKernels({ smallChannelGemm })`.
 */
export const backpropInputWasmSettings = { gemmMaxInChannels: 4 };

/**
 * `Conv2DBackpropInput` for the 'wasm' backend (input gradient of `conv2d`
 * and forward pass of `conv2dTranspose`), replacing the stock scalar loop:
 *
 *   dx[n,i,j,ci] = Σ_{kh,kw,co : y·sh+kh−pt = i, x·sw+kw−pl = j} dy[n,y,x,co] · W[kh,kw,ci,co]
 *
 * computed as `sh·sw` dense stride-1 XNNPACK convs (sub-pixel phases) that are
 * interleaved into `dx` — see {@link conv2dBackpropInputViaSubPixel} — or, for
 * few input channels, as one GEMM `dy·Wᵀ` plus a col2im scatter-add (see
 * {@link conv2dBackpropInputViaGemm}). NHWC only.
 */
export const conv2dBackpropInputWasmConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as unknown as Conv2DBackpropInputInputs;
    const f = filter as TensorInfo;
    const ops = wasmOps(backend as KernelBackend);
    const a = attrs as unknown as Conv2DBackpropInputAttrs;
    if (f.shape[2] <= backpropInputWasmSettings.gemmMaxInChannels) return conv2dBackpropInputViaGemm(ops, dy as TensorInfo, f, a);
    return conv2dBackpropInputViaSubPixel(ops, dy as TensorInfo, f, a);
  }) as KernelFunc,
};
