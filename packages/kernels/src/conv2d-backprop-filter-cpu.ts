import { Conv2DBackpropFilter } from '@tensorflow/tfjs-core';
import type { Conv2DBackpropFilterAttrs, Conv2DBackpropFilterInputs, KernelBackend, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { cpuOps } from './backend-ops.js';
import { conv2dBackpropFilterViaDilatedConv } from './conv2d-backprop-filter.js';

/**
 * `Conv2DBackpropFilter` for the 'cpu' backend, replacing tfjs' stock kernel
 * whose loop order (one scalar dot product per filter element, strided over
 * the batch) runs at ~0.02 GFLOP/s:
 *
 *   dW[kh,kw,ci,co] = Σ_{n,y,x} x[n, y·sh+kh−pt, x·sw+kw−pl, ci] · dy[n,y,x,co]
 *
 * computed as one dilated conv by the cpu backend's own `Conv2D` kernel over
 * transposed operands (see {@link conv2dBackpropFilterViaDilatedConv}), whose
 * inner loop streams contiguous output channels. NHWC only.
 */
export const conv2dBackpropFilterCpuConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'cpu',
  kernelFunc: (({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as unknown as Conv2DBackpropFilterInputs;
    return conv2dBackpropFilterViaDilatedConv(cpuOps(backend as KernelBackend), x as TensorInfo, dy as TensorInfo, attrs as unknown as Conv2DBackpropFilterAttrs);
  }) as KernelFunc,
};
