/**
 * `pnpm bench` — performance in one run, as ratios side by side:
 *  1. a soak: 10,000 steps of a small GAN, tf.memory().numTensors and RSS at start and end;
 *  2. DCGAN-28 step (batch 64) on wasm and cpu, with and without Gantry's kernels, GFLOP/s,
 *     and the top kernels of a profiled wasm step (from @gantry/kernels' bench);
 *  3. Gantry's trainer vs a minimal hand-written tfjs loop on the same backend and model
 *     (framework overhead), measured interleaved so machine load hits both alike: ms/step,
 *     images/s, achieved GFLOP/s and its share of the backend's matmul rate measured in the
 *     same run (scripts/bench-throughput.ts).
 *  4. data-parallel training on 1 and 2 workers (DCGAN-28, WGAN-GP; scripts/bench-parallel.ts).
 * `pnpm bench --quick` skips the slow cpu-stock row and takes fewer steps (CI).
 */
import { selectBackend } from '@gantry/backend';
import { runDcganBench } from '../packages/kernels/bench/dcgan-step.js';
import { benchGantryVsHandWritten, formatThroughput } from './bench-throughput.js';

const quick = process.argv.includes('--quick');
const log = (s: string) => console.log(s);

log(`Gantry benchmark — ${new Date().toISOString()} — node ${process.version}, ${(await import('node:os')).cpus()[0]?.model ?? 'cpu'}`);

// 1. Soak first, so that its RSS is not the wasm heap the DCGAN runs below leave enlarged.
const selection = await selectBackend('wasm');
{
  const { soak } = await import('./soak.js');
  const soakSteps = quick ? 2000 : 10_000;
  const r = await soak(soakSteps);
  log(`\nSoak — MLP GAN on the ring, ${r.steps} steps on ${selection.choice} (${r.msPerStep.toFixed(1)} ms/step)`);
  log('| | start | end |');
  log('|---|---:|---:|');
  log(`| tf.memory().numTensors | ${r.tensors.start} | ${r.tensors.end} |`);
  log(`| process RSS (MiB) | ${r.rssMiB.start.toFixed(0)} | ${r.rssMiB.end.toFixed(0)} (max ${r.rssMiB.max.toFixed(0)}) |`);
}

await runDcganBench({ quick, log });
await selectBackend('wasm');

// 3. Framework overhead and throughput on the default backend (scripts/bench-throughput.ts).
for (const line of formatThroughput(await benchGantryVsHandWritten({ steps: quick ? 4 : 12 }))) log(line);


// 4. Data parallelism on all cores (scripts/bench-parallel.ts).
const { runParallelBench } = await import('./bench-parallel.js');
await runParallelBench({ quick, log });
