import { Conv2DBackpropFilter } from '@tensorflow/tfjs-core';
import type { Conv2DBackpropFilterAttrs, Conv2DBackpropFilterInputs, KernelBackend, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { wasmOps } from './backend-ops.js';
import { conv2dBackpropFilterViaDilatedConv } from './conv2d-backprop-filter.js';

/**
 * `Conv2DBackpropFilter` for the 'wasm' backend, which ships none (so conv
 * training throws on wasm without it).
 *
 *   dW[kh,kw,ci,co] = Σ_{n,y,x} x[n, y·sh+kh−pt, x·sw+kw−pl, ci] · dy[n,y,x,co]
 *
 * computed as one dilated XNNPACK conv over transposed operands (inputs'
 * channels as batch, batch as channels, `dy` as a filter dilated by the
 * stride) — see {@link conv2dBackpropFilterViaDilatedConv}. NHWC only.
 */
export const conv2dBackpropFilterWasmConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as unknown as Conv2DBackpropFilterInputs;
    return conv2dBackpropFilterViaDilatedConv(wasmOps(backend as KernelBackend), x as TensorInfo, dy as TensorInfo, attrs as unknown as Conv2DBackpropFilterAttrs);
  }) as KernelFunc,
};
