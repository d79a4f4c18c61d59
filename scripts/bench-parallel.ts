/**
 * Data-parallel training benchmark (`@gantry/parallel`), called by `pnpm bench`; on its
 * own: `pnpm exec tsx --conditions=@gantry/source scripts/bench-parallel.ts [--quick]`.
 *
 * DCGAN-28 (non-saturating) and WGAN-GP (Wasserstein loss + gradient penalty λ = 10 on
 * a batch-norm-free DCGAN critic, one critic update per step), batch 64, wasm + Gantry
 * kernels, on 1 worker (plain `createGan`) and 2 workers (this thread + one worker
 * thread, synchronised BN, prefetching). Reports the median wall time per step, images
 * per second, and — because the machine may be shared — CPU time: per replica thread
 * (its own work; ≈ the quiet-machine wall time of a step when each replica has a core
 * to itself) and for the whole process (all threads, including the data thread).
 */
import '@tensorflow/tfjs-layers';
import { loadavg } from 'node:os';
import { selectBackend } from '@gantry/backend';
import { createGan, type GanSpec } from '@gantry/core';
import { createParallelGan, loadPluginModules, threadCpuMs } from '@gantry/parallel';

/** One row of the table. */
export interface ParallelBenchRow {
  readonly model: string;
  readonly workers: number;
  readonly syncBatchNorm: boolean;
  /** Median wall ms per step (rank 0's view: the whole group's step). */
  readonly msPerStep: number;
  /** CPU ms per step of each replica thread (rank 0 first). */
  readonly replicaCpuMs: readonly number[];
  /** Process CPU ms per step (all threads). */
  readonly processCpuMs: number;
  /** ms per step rank 0 waited for its batches (0: the input pipeline never stalled it). */
  readonly dataWaitMs: number;
  /** ms per step rank 0 spent blocked waiting for the other replicas. */
  readonly syncWaitMs: number;
  readonly steps: number;
}

const PLUGINS = ['@gantry/data-mnist', '@gantry/arch-dcgan', '@gantry/loss-minimax', '@gantry/loss-wasserstein', '@gantry/regularizer-gradient-penalty'];

const MODELS: Record<string, GanSpec> = {
  'DCGAN-28, non-saturating': { data: 'mnist', generator: 'dcgan', discriminator: 'dcgan', objective: 'non-saturating' },
  'WGAN-GP (DCGAN-28, critic without BN, λ = 10, n_critic 1)': {
    data: 'mnist',
    generator: 'dcgan',
    discriminator: { name: 'dcgan', options: { batchNorm: false } },
    objective: 'wasserstein',
    regularizers: [{ name: 'gradient-penalty', options: { lambda: 10 } }],
    training: { optimizers: { '*': { name: 'adam', learningRate: 1e-4, beta1: 0.5, beta2: 0.9 } } },
  },
};

const median = (a: readonly number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const processCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Measures one configuration: `warmup` untimed steps, then `steps` timed ones. */
export async function benchParallel(model: string, workers: number, options: { steps: number; warmup: number; syncBatchNorm?: boolean }): Promise<ParallelBenchRow> {
  const base = MODELS[model];
  const spec: GanSpec = { ...base, training: { ...base.training, steps: 1_000_000, batchSize: 64, seed: 0 } };
  const syncBatchNorm = options.syncBatchNorm ?? true;
  const parallel = workers > 1 ? await createParallelGan(spec, { workers, plugins: PLUGINS, syncBatchNorm }) : undefined;
  const gan = parallel ?? (await createGan(spec, { plugins: await loadPluginModules(PLUGINS, undefined, 'import') }));
  try {
    await parallel?.sync();
    for (let i = 0; i < options.warmup; i++) gan.trainer.trainStep();
    const stats = () => parallel?.stats();
    // Let the workers publish the warm-up's statistics before taking the baseline.
    await new Promise((r) => setTimeout(r, 100));
    const before = stats();
    const wall: number[] = [];
    let cpu0 = 0;
    const p0 = processCpu();
    for (let i = 0; i < options.steps; i++) {
      const t = performance.now();
      const c = threadCpuMs();
      gan.trainer.trainStep();
      cpu0 += threadCpuMs() - c;
      wall.push(performance.now() - t);
    }
    const processCpuMs = (processCpu() - p0) / options.steps;
    await new Promise((r) => setTimeout(r, 300));
    const after = stats();
    const per = (rank: number, key: 'stepCpuMs' | 'dataWaitMs' | 'collectiveWaitMs') => (after && before ? (after[rank][key] - before[rank][key]) / options.steps : 0);
    return {
      model,
      workers,
      syncBatchNorm,
      msPerStep: median(wall),
      replicaCpuMs: [cpu0 / options.steps, ...Array.from({ length: workers - 1 }, (_, r) => per(r + 1, 'stepCpuMs'))],
      processCpuMs,
      dataWaitMs: per(0, 'dataWaitMs'),
      syncWaitMs: per(0, 'collectiveWaitMs'),
      steps: options.steps,
    };
  } finally {
    if (parallel) await parallel.close();
    else gan.dispose();
  }
}

/** Runs every configuration and prints the table (markdown) with `log`. */
export async function runParallelBench({ quick = false, log = console.log }: { quick?: boolean; log?: (s: string) => void } = {}): Promise<ParallelBenchRow[]> {
  const selection = await selectBackend('wasm');
  const kernels = selection.nativeKernels.length ? 'Gantry + native OpenBLAS kernels' : 'Gantry kernels';
  const steps = quick ? 3 : 8;
  const warmup = 2;
  const load = loadavg()[0];
  const rows: ParallelBenchRow[] = [];
  for (const model of Object.keys(MODELS)) {
    for (const [workers, syncBatchNorm] of [[1, true], [2, true], ...(model.startsWith('DCGAN') && !quick ? [[2, false] as const] : [])] as const) {
      rows.push(await benchParallel(model, workers, { steps, warmup, syncBatchNorm }));
    }
  }
  log(`\nData-parallel training (@gantry/parallel) — batch 64, wasm + ${kernels}, median of ${steps} steps after ${warmup} warm-up; load average ${load.toFixed(1)} → ${loadavg()[0].toFixed(1)} on ${(await import('node:os')).availableParallelism()} cores`);
  log('| model | workers | BN | ms / step (wall) | images / s | CPU ms / step per replica | process CPU ms / step | rank 0 waits for data / replicas, ms / step |');
  log('|---|---:|---|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    log(
      `| ${r.model} | ${r.workers} | ${r.workers === 1 ? '—' : r.syncBatchNorm ? 'sync' : 'per replica'} | ${r.msPerStep.toFixed(0)} | ${((64 * 1000) / r.msPerStep).toFixed(0)} | ` +
        `${r.replicaCpuMs.map((v) => v.toFixed(0)).join(' / ')} | ${r.processCpuMs.toFixed(0)} | ${r.dataWaitMs.toFixed(1)} / ${r.syncWaitMs.toFixed(0)} |`,
    );
  }
  return rows;
}

// Run directly (not when imported by bench.ts).
if (import.meta.url === `file://${process.argv[1]}`) {
  await runParallelBench({ quick: process.argv.includes('--quick') });
}
