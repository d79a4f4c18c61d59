/**
 * `@gantry/kernels-native` — optional native kernels for the TensorFlow.js **wasm** backend in
 * Node: `Conv2D`, `Conv2DBackpropInput`, `Conv2DBackpropFilter` and `BatchMatMul` (plus `FusedConv2D` / `_FusedMatMul`) as im2col /
 * col2im + OpenBLAS `sgemm` (one thread), reading and writing the wasm heap in place. A DCGAN
 * training step spends most of its time in these kernels. When the addon was not built
 * (no libopenblas-dev or C compiler at install time) {@link nativeKernelsAvailable} is false,
 * {@link nativeKernelsStatus} says why, and {@link registerNativeKernels} does nothing.
 *
 * @packageDocumentation
 */
export {
  NATIVE_KERNEL_NAMES, installedNativeKernels, nativeKernelsAvailable, nativeKernelsStatus, registerNativeKernels, unregisterNativeKernels,
} from './register.js';
export type { NativeKernelName, NativeKernelOptions, NativeKernelsStatus } from './register.js';
export { addonPath, cpuHasAvx512, loadAddon } from './addon.js';
export type { AddonLoad, NativeAddon } from './addon.js';
export {
  batchMatMulNativeConfig, conv2dBackpropFilterNativeConfig, conv2dBackpropInputNativeConfig, conv2dNativeConfig,
  fusedConv2dNativeConfig, fusedMatMulNativeConfig,
} from './kernels.js';
export type { PreviousKernel } from './kernels.js';
