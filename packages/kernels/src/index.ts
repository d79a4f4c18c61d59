/**
 * `@gantry/kernels` — fast conv-training kernels for TensorFlow.js backends
 * that lack them (wasm has no `Conv2DBackpropFilter`) or run them in slow
 * scalar loops (cpu). Call {@link registerGantryKernels} with the active
 * backend name once, before training.
 *
 * @packageDocumentation
 */
export {
  registerGantryKernels,
  unregisterGantryKernels,
  registerWasmKernels,
  unregisterWasmKernels,
  registerCpuKernels,
  unregisterCpuKernels,
} from './register.js';
export type { RegisterOptions } from './register.js';
export { conv2dBackpropFilterWasmConfig, backpropFilterWasmSettings } from './conv2d-backprop-filter-wasm.js';
export { conv2dBackpropInputWasmConfig, backpropInputWasmSettings } from './conv2d-backprop-input-wasm.js';
export { sumWasmConfig, meanWasmConfig, columnSums, leadingReducePlan } from './reduce-wasm.js';
export type { ReducePlan } from './reduce-wasm.js';
export { identityWasmConfig } from './identity-wasm.js';
export { leakyReluWasmConfig, fusedBatchNormWasmConfig, castWasmConfig } from './elementwise-wasm.js';
export { conv2dBackpropFilterCpuConfig } from './conv2d-backprop-filter-cpu.js';
export { conv2dBackpropInputCpuConfig } from './conv2d-backprop-input-cpu.js';
export { tileWasmConfig, tileInto } from './tile-wasm.js';
export { batchMatMulWasmConfig } from './batch-mat-mul-wasm.js';
export { conv2dBackpropFilterViaDilatedConv } from './conv2d-backprop-filter.js';
export { conv2dBackpropInputViaSubPixel } from './conv2d-backprop-input.js';
export { conv2dBackpropInputViaGemm } from './conv2d-backprop-input-gemm.js';
export { conv2dBackpropFilterViaGemm } from './conv2d-backprop-filter-gemm.js';
export { derivedFilterCacheSettings, clearDerivedFilterCache, derivedFilterCacheSize } from './filter-cache.js';
export { wasmOps, cpuOps } from './backend-ops.js';
export type { BackendOps } from './backend-ops.js';
export { axisWindow, filterGradWindow, subPixelPhases, explicitPad, convFlops } from './conv-geometry.js';
export type { AxisWindow, SubPixelPhase, ExplicitPad } from './conv-geometry.js';
export { installedKernels, installKernel, isInstalled, stockKernel, uninstallKernel } from './kernel-registry.js';
export { leakyReluGradConfig, fusedBatchNormGradConfig, meanGradConfig, sumGradConfig, installGradient, uninstallGradient, isGradientInstalled } from './gradients.js';
