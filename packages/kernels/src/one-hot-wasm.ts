import { OneHot } from '@tensorflow/tfjs-core';
import type { DataType, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

interface WritableBackend {
  readSync(dataId: object): ArrayLike<number>;
  write(values: Float32Array | Int32Array, shape: number[], dtype: DataType): object;
}

/**
 * `OneHot` for the 'wasm' backend that honours `dtype`.
 *
 * Why: tfjs-backend-wasm 4.22's OneHot always writes int32 bit patterns, so
 * `tf.oneHot(i, k, 1, 0, 'float32')` reads back as 1.4e-45 instead of 1 —
 * conditional generators and InfoGAN codes would silently train on zeros.
 * One-hot tensors are small (batch × classes), so a plain loop is enough.
 */
export const oneHotWasmConfig: KernelConfig = {
  kernelName: OneHot,
  backendName: 'wasm',
  kernelFunc: ((args) => {
    const indices = args.inputs.indices as TensorInfo;
    const { depth, onValue, offValue, dtype } = args.attrs as unknown as { depth: number; onValue: number; offValue: number; dtype: DataType };
    const backend = args.backend as unknown as WritableBackend;
    const index = backend.readSync(indices.dataId);
    const size = indices.shape.reduce((a, b) => a * b, 1);
    const values = dtype === 'int32' ? new Int32Array(size * depth) : new Float32Array(size * depth);
    values.fill(offValue);
    for (let i = 0; i < size; i++) {
      const k = index[i];
      // Out-of-range indices give an all-off row, as in TensorFlow.
      if (k >= 0 && k < depth) values[i * depth + k] = onValue;
    }
    const shape = [...indices.shape, depth];
    return { dataId: backend.write(values, shape, dtype), shape, dtype };
  }) as KernelFunc,
};
