import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';

/**
 * Kernels displaced by Gantry's, keyed `backend/kernelName`; `null` records
 * that no kernel was registered before ours. Used to restore stock tfjs.
 */
const displaced = new Map<string, KernelConfig | null>();

const key = (c: { kernelName: string; backendName: string }): string => `${c.backendName}/${c.kernelName}`;

/**
 * Register `config`, replacing (and remembering) whatever kernel is currently
 * registered under the same name and backend.
 *
 * Why: `tf.registerKernel` throws when the name is taken (e.g. wasm's own
 * `Conv2DBackpropInput`), so we unregister first. Idempotent: installing a
 * config that is already the registered one is a no-op, and the kernel
 * remembered for restoring is always the stock one.
 */
export function installKernel(config: KernelConfig): void {
  const current = getKernel(config.kernelName, config.backendName);
  if (current?.kernelFunc === config.kernelFunc) return;
  if (!displaced.has(key(config))) displaced.set(key(config), current ?? null);
  if (current != null) unregisterKernel(config.kernelName, config.backendName);
  registerKernel(config);
}

/**
 * Undo {@link installKernel} for `config`: if ours is registered, unregister
 * it and re-register the displaced stock kernel (if there was one).
 */
export function uninstallKernel(config: KernelConfig): void {
  const current = getKernel(config.kernelName, config.backendName);
  if (current?.kernelFunc !== config.kernelFunc) return;
  unregisterKernel(config.kernelName, config.backendName);
  const original = displaced.get(key(config));
  displaced.delete(key(config));
  if (original != null) registerKernel(original);
}

/**
 * The kernel that {@link installKernel} displaced for `kernelName` on
 * `backendName` (the stock tfjs kernel), or the currently registered kernel
 * when ours is not installed. Lets a Gantry kernel delegate cases it does not
 * handle (e.g. non-float32 dtypes) to stock tfjs.
 */
export function stockKernel(kernelName: string, backendName: string): KernelConfig | undefined {
  const k = `${backendName}/${kernelName}`;
  if (displaced.has(k)) return displaced.get(k) ?? undefined;
  return getKernel(kernelName, backendName);
}

/** True when `config` is the kernel currently registered for its name and backend. */
export function isInstalled(config: KernelConfig): boolean {
  return getKernel(config.kernelName, config.backendName)?.kernelFunc === config.kernelFunc;
}

/** Names of the kernels Gantry has installed (and not uninstalled) on `backendName`, sorted. */
export function installedKernels(backendName: string): string[] {
  const prefix = `${backendName}/`;
  return [...displaced.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)).sort();
}
