import { Conv2DBackpropInput } from '@tensorflow/tfjs-core';
import type { Conv2DBackpropInputAttrs, Conv2DBackpropInputInputs, KernelBackend, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { cpuOps } from './backend-ops.js';
import { conv2dBackpropInputViaSubPixel } from './conv2d-backprop-input.js';

/**
 * `Conv2DBackpropInput` for the 'cpu' backend via sub-pixel decomposition
 * into `sh·sw` stride-1 convs by the cpu backend's own `Conv2D`:
 *
 *   dx[n,i,j,ci] = Σ_{kh,kw,co : y·sh+kh−pt = i, x·sw+kw−pl = j} dy[n,y,x,co] · W[kh,kw,ci,co]
 *
 * (see {@link conv2dBackpropInputViaSubPixel}). Not registered by default:
 * {@link registerCpuKernels} only installs it when asked, as the stock cpu
 * kernel is already a reasonable loop.
 */
export const conv2dBackpropInputCpuConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'cpu',
  kernelFunc: (({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as unknown as Conv2DBackpropInputInputs;
    return conv2dBackpropInputViaSubPixel(cpuOps(backend as KernelBackend), dy as TensorInfo, filter as TensorInfo, attrs as unknown as Conv2DBackpropInputAttrs);
  }) as KernelFunc,
};
