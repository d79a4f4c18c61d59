import { Identity } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { stockKernel } from './kernel-registry.js';

interface RefCountingBackend { incRef(dataId: object): void }

/**
 * `Identity` for the 'wasm' backend that shares the input's storage
 * (`out.dataId = x.dataId`, backend ref-count + 1) instead of copying it.
 *
 * Why: stock wasm `Identity` allocates and memcpys; autodiff and tfjs-layers
 * emit hundreds of them per training step (≈300 in a DCGAN step, ~45 ms).
 * Sharing is what the cpu backend's `Identity` and wasm's own `Reshape` do,
 * and it is safe because no wasm kernel writes into its inputs. Strings go to
 * the stock kernel.
 */
export const identityWasmConfig: KernelConfig = {
  kernelName: Identity,
  backendName: 'wasm',
  kernelFunc: ((args) => {
    const x = args.inputs.x as TensorInfo;
    if (x.dtype === 'string') return stockKernel(Identity, 'wasm')!.kernelFunc(args);
    (args.backend as unknown as RefCountingBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
  }) as KernelFunc,
};
