import { Conv2DBackpropInput } from '@tensorflow/tfjs-core';
import type { Conv2DBackpropInputAttrs, Conv2DBackpropInputInputs, KernelBackend, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { wasmOps } from './backend-ops.js';
import { conv2dBackpropInputViaSubPixel } from './conv2d-backprop-input.js';

/**
 * `Conv2DBackpropInput` for the 'wasm' backend (input gradient of `conv2d`
 * and forward pass of `conv2dTranspose`), replacing the stock scalar loop:
 *
 *   dx[n,i,j,ci] = Σ_{kh,kw,co : y·sh+kh−pt = i, x·sw+kw−pl = j} dy[n,y,x,co] · W[kh,kw,ci,co]
 *
 * computed as `sh·sw` dense stride-1 XNNPACK convs (sub-pixel phases) that are
 * interleaved into `dx` — see {@link conv2dBackpropInputViaSubPixel}. NHWC only.
 */
export const conv2dBackpropInputWasmConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as unknown as Conv2DBackpropInputInputs;
    return conv2dBackpropInputViaSubPixel(wasmOps(backend as KernelBackend), dy as TensorInfo, filter as TensorInfo, attrs as unknown as Conv2DBackpropInputAttrs);
  }) as KernelFunc,
};
