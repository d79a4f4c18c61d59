import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendOps } from './backend-ops.js';

/**
 * A small cache of tensors derived from a filter (e.g. the flipped sub-pixel
 * sub-filters of `Conv2DBackpropInput`), keyed by the filter's storage
 * (`dataId`) and a description of the derivation.
 *
 * Why: a training step applies the same weights several times before the
 * optimiser replaces them (a DCGAN generator's transposed conv runs in the D
 * and in the G update; a discriminator's input gradient runs for the real and
 * the fake batch). Rebuilding the derived filters costs a strided copy, and on
 * wasm a *fresh* filter tensor also makes XNNPACK create and re-pack a new conv
 * operator (its operator cache is keyed by the filter's id), ~4 ns per weight.
 * Reusing the same derived tensors skips both.
 *
 * Safe because tfjs never writes into an existing tensor's storage: a dataId's
 * contents are immutable (`Variable.assign` switches to a new dataId), and a
 * dataId object is never reused for another tensor. Entries hold only the
 * derived tensors (the cache's own storage), at most {@link derivedFilterCacheSettings}
 * `.capacity` of them, least recently used evicted first.
 */
interface Entry {
  source: object;
  backend: KernelBackend;
  key: string;
  tensors: TensorInfo[];
  ops: BackendOps;
}

/** Tuning of the derived-filter cache: `capacity` entries (0 disables caching; default 4). */
export const derivedFilterCacheSettings = { capacity: 4 };

const entries: Entry[] = []; // least recently used first

function release(e: Entry): void {
  for (const t of e.tensors) {
    try { e.ops.dispose(t); } catch { /* the backend was removed: its storage is gone already */ }
  }
}

/**
 * The tensors `build()` derives from `source`, cached under (`source.dataId`,
 * `key`). Returns them and whether the cache owns them: when `owned` is false
 * the caller must dispose them (caching disabled); otherwise it must not.
 */
export function derivedFilters(ops: BackendOps, source: TensorInfo, key: string, build: () => TensorInfo[]): { tensors: TensorInfo[]; owned: boolean } {
  const capacity = derivedFilterCacheSettings.capacity;
  if (capacity <= 0) return { tensors: build(), owned: false };
  const i = entries.findIndex((e) => e.source === source.dataId && e.backend === ops.backend && e.key === key);
  if (i >= 0) {
    const [hit] = entries.splice(i, 1);
    entries.push(hit);
    return { tensors: hit.tensors, owned: true };
  }
  const tensors = build();
  entries.push({ source: source.dataId, backend: ops.backend, key, tensors, ops });
  while (entries.length > capacity) release(entries.shift()!);
  return { tensors, owned: true };
}

/** Release every cached derived filter (e.g. before measuring memory, or when unregistering kernels). */
export function clearDerivedFilterCache(): void {
  while (entries.length > 0) release(entries.shift()!);
}

/** Number of cached entries (for tests). */
export function derivedFilterCacheSize(): number {
  return entries.length;
}
