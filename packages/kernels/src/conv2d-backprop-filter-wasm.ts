import { Conv2DBackpropFilter } from '@tensorflow/tfjs-core';
import type { Conv2DBackpropFilterAttrs, Conv2DBackpropFilterInputs, KernelBackend, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { wasmOps } from './backend-ops.js';
import { conv2dBackpropFilterViaDilatedConv } from './conv2d-backprop-filter.js';
import { conv2dBackpropFilterViaGemm } from './conv2d-backprop-filter-gemm.js';

/**
 * Tuning of the wasm `Conv2DBackpropFilter`: with at most `gemmMaxInChannels`
 * input channels the im2col + GEMM formulation is used (default 2: measured
 * 1.6–2× faster for Ci = 1, on par at Ci = 4); 0
 * disables it. Set through `registerWasmKernels({ smallChannelGemm })`.
 */
export const backpropFilterWasmSettings = { gemmMaxInChannels: 2 };

/**
 * `Conv2DBackpropFilter` for the 'wasm' backend, which ships none (so conv
 * training throws on wasm without it).
 *
 *   dW[kh,kw,ci,co] = Σ_{n,y,x} x[n, y·sh+kh−pt, x·sw+kw−pl, ci] · dy[n,y,x,co]
 *
 * computed as one dilated XNNPACK conv over transposed operands (inputs'
 * channels as batch, batch as channels, `dy` as a filter dilated by the
 * stride) — see {@link conv2dBackpropFilterViaDilatedConv} — or, for few
 * input channels, as im2col + one GEMM (see {@link conv2dBackpropFilterViaGemm}).
 * NHWC only.
 */
export const conv2dBackpropFilterWasmConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as unknown as Conv2DBackpropFilterInputs;
    const a = attrs as unknown as Conv2DBackpropFilterAttrs;
    const ops = wasmOps(backend as KernelBackend);
    if (a.filterShape[2] <= backpropFilterWasmSettings.gemmMaxInChannels) return conv2dBackpropFilterViaGemm(ops, x as TensorInfo, dy as TensorInfo, a);
    return conv2dBackpropFilterViaDilatedConv(ops, x as TensorInfo, dy as TensorInfo, a);
  }) as KernelFunc,
};
