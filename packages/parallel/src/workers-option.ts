import { availableParallelism } from 'node:os';
import { ConfigError } from '@gantry/core';

/** Most replicas `'auto'` starts: beyond this each replica's shard of a batch of 64 gets small and memory grows. */
export const AUTO_MAX_WORKERS = 4;

/**
 * Least work per step — trainable parameters × batch size — for which `'auto'` trains
 * on several workers: 4 M, about 10 ms of wasm work per step, where halving the step
 * clearly beats the fixed cost of synchronising (≈ 0.1 ms per exchange plus copying the
 * gradients) and of starting the threads (seconds). Toy models (2-D MLPs) stay on one thread.
 */
export const AUTO_MIN_WORK = 4_000_000;

/**
 * The number of data-parallel replicas for `--workers N|auto`. `auto` is one per core
 * (at most {@link AUTO_MAX_WORKERS}, at most the batch size) on the single-threaded
 * backends (wasm, cpu) when the model is big enough (`work` = trainable parameters ×
 * batch size ≥ {@link AUTO_MIN_WORK}, if given), and 1 on native TensorFlow backends,
 * which already use every core inside each op.
 */
export function resolveWorkers(
  requested: number | 'auto' | string,
  context: { readonly backend: string; readonly batchSize: number; readonly cores?: number; readonly work?: number },
): number {
  if (requested === 'auto') {
    if (context.backend !== 'wasm' && context.backend !== 'cpu') return 1;
    if (context.work !== undefined && context.work < AUTO_MIN_WORK) return 1;
    const cores = context.cores ?? availableParallelism();
    return Math.max(1, Math.min(cores, AUTO_MAX_WORKERS, context.batchSize));
  }
  const n = typeof requested === 'number' ? requested : Number(requested);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`workers must be 'auto' or a whole number ≥ 1, got '${String(requested)}'.`);
  if (n > context.batchSize) {
    throw new ConfigError(`workers ${n} is more than the batch size ${context.batchSize}: every worker needs at least one sample of each batch.`);
  }
  return n;
}
