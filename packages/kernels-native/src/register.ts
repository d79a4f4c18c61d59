import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { loadAddon } from './addon.js';
import {
  batchMatMulNativeConfig, conv2dBackpropFilterNativeConfig, conv2dBackpropInputNativeConfig, conv2dNativeConfig,
  fusedConv2dNativeConfig, fusedMatMulNativeConfig,
} from './kernels.js';
import type { PreviousKernel } from './kernels.js';

/** The kernels this package can replace on the 'wasm' backend. */
export const NATIVE_KERNEL_NAMES = ['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'BatchMatMul', 'FusedConv2D', '_FusedMatMul'] as const;

/** One of {@link NATIVE_KERNEL_NAMES}. */
export type NativeKernelName = (typeof NATIVE_KERNEL_NAMES)[number];

/** Which native kernels to install (all default true). */
export interface NativeKernelOptions {
  /** `Conv2D` (forward convolution). */
  conv2d?: boolean;
  /** `Conv2DBackpropInput` (input gradient; forward of `conv2dTranspose`). */
  backpropInput?: boolean;
  /** `Conv2DBackpropFilter` (filter gradient). */
  backpropFilter?: boolean;
  /** `BatchMatMul` (dense layers and their gradients). */
  batchMatMul?: boolean;
  /**
   * `FusedConv2D` and `_FusedMatMul` (tfjs-layers' conv / dense layers with a bias, outside
   * gradient tapes or with a linear activation): the native product plus a bias / activation epilogue.
   */
  fused?: boolean;
}

/** Whether the addon loaded, and if not, why. */
export interface NativeKernelsStatus {
  /** True when the compiled addon loaded in this thread. */
  readonly available: boolean;
  /** Why it is not available (absent when it is). */
  readonly reason?: string;
  /** OpenBLAS's kernel family (`openblas_get_corename()`), e.g. `SkylakeX`, when available. */
  readonly coreName?: string;
}

/** Kernel displaced by each installed native kernel (`null`: none was registered), keyed by kernel name. */
const displaced = new Map<string, { ours: KernelConfig; previous: KernelConfig | null }>();

const previousKernel: PreviousKernel = (name) => displaced.get(name)?.previous ?? undefined;

/** Load the addon (once per thread) and report whether the native kernels can be used here; never throws. */
export function nativeKernelsStatus(): NativeKernelsStatus {
  const load = loadAddon();
  if (load.addon == null) return { available: false, reason: load.reason };
  return { available: true, coreName: load.addon.coreName() };
}

/**
 * True when the compiled addon loads in this thread (libopenblas present, built at install time).
 * {@link nativeKernelsStatus} says why not.
 */
export function nativeKernelsAvailable(): boolean {
  return loadAddon().addon != null;
}

/**
 * Install the native OpenBLAS kernels for the 'wasm' backend on top of whatever is registered
 * (stock tfjs-backend-wasm or `@gantry/kernels`): each one remembers the kernel it displaced,
 * hands it the cases it does not cover (non-float32, NCHW, dilated convs, broadcasts of more than
 * one outer dimension, `prelu` epilogues) and gets it back on {@link unregisterNativeKernels}. Register Gantry's
 * wasm kernels first, then these.
 *
 * Returns the names of the native kernels now installed — `[]` (and nothing registered) when the
 * addon is not available. Idempotent; safe before or after the wasm backend initialises.
 */
export function registerNativeKernels(options: NativeKernelOptions = {}): string[] {
  const { addon } = loadAddon();
  if (addon == null) return [];
  const wanted: Array<[boolean | undefined, KernelConfig]> = [
    [options.conv2d, conv2dNativeConfig(addon, previousKernel)],
    [options.backpropInput, conv2dBackpropInputNativeConfig(addon, previousKernel)],
    [options.backpropFilter, conv2dBackpropFilterNativeConfig(addon, previousKernel)],
    [options.batchMatMul, batchMatMulNativeConfig(addon, previousKernel)],
    [options.fused, fusedConv2dNativeConfig(addon, previousKernel)],
    [options.fused, fusedMatMulNativeConfig(addon, previousKernel)],
  ];
  for (const [on, config] of wanted) {
    if (on === false) uninstall(config.kernelName);
    else if (!displaced.has(config.kernelName) || !isCurrent(displaced.get(config.kernelName)!.ours)) install(config);
  }
  return installedNativeKernels();
}

/**
 * Remove the native kernels and re-register the kernels they displaced (Gantry's or stock tfjs'),
 * e.g. for A/B benchmarks.
 */
export function unregisterNativeKernels(): void {
  for (const name of [...displaced.keys()]) uninstall(name);
}

/** Names of the native kernels currently installed on 'wasm', in {@link NATIVE_KERNEL_NAMES} order. */
export function installedNativeKernels(): string[] {
  return NATIVE_KERNEL_NAMES.filter((n) => {
    const entry = displaced.get(n);
    return entry != null && isCurrent(entry.ours);
  });
}

function isCurrent(config: KernelConfig): boolean {
  return getKernel(config.kernelName, 'wasm')?.kernelFunc === config.kernelFunc;
}

function install(config: KernelConfig): void {
  // A stale entry (someone re-registered over ours): forget it, the current kernel is the one to restore.
  displaced.delete(config.kernelName);
  const current = getKernel(config.kernelName, 'wasm') ?? null;
  if (current != null) unregisterKernel(config.kernelName, 'wasm');
  registerKernel(config);
  displaced.set(config.kernelName, { ours: config, previous: current });
}

function uninstall(name: string): void {
  const entry = displaced.get(name);
  if (entry == null) return;
  displaced.delete(name);
  if (!isCurrent(entry.ours)) return;
  unregisterKernel(name, 'wasm');
  if (entry.previous != null) registerKernel(entry.previous);
}
