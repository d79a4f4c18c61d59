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

const dcgan = await runDcganBench({ quick, log });
await selectBackend('wasm');

// 3. Framework overhead and throughput on the default backend (scripts/bench-throughput.ts).
const throughput = await benchGantryVsHandWritten({ steps: quick ? 4 : 12 });
for (const line of formatThroughput(throughput)) log(line);


// 4. Data parallelism on all cores (scripts/bench-parallel.ts).
const { runParallelBench } = await import('./bench-parallel.js');
const parallel = await runParallelBench({ quick, log });

// 5. The ratios side by side (a regression shows here, whatever the machine's load).
const stepCpu = (label: string) => dcgan.results.find((r) => r.label.startsWith(label))?.cpuMs ?? null;
const wall = (model: string, workers: number) => parallel.find((r) => r.model.startsWith(model) && r.workers === workers && r.syncBatchNorm)?.msPerStep ?? null;
const ratio = (a: number | null, b: number | null) => (a == null || b == null ? '—' : `${(a / b).toFixed(2)}×`);
log('\nRatios (>1 = the second is faster)');
log('| comparison | ratio |');
log('|---|---:|');
log(`| wasm + Gantry kernels → + native OpenBLAS kernels (CPU ms per DCGAN-28 step) | ${ratio(stepCpu('wasm, all Gantry kernels'), stepCpu('wasm, Gantry + native'))} |`);
log(`| hand-written tfjs loop → Gantry trainer (CPU ms per step) | ${ratio(throughput.handWritten.cpuMs, throughput.gantry.cpuMs)} |`);
log(`| DCGAN-28 NS: 1 worker → 2 workers (wall ms per step) | ${ratio(wall('DCGAN', 1), wall('DCGAN', 2))} |`);
log(`| WGAN-GP: 1 worker → 2 workers (wall ms per step) | ${ratio(wall('WGAN', 1), wall('WGAN', 2))} |`);
log(`| PyTorch 1.13 on this machine (3.6 s, issue #9) → Gantry DCGAN-28 NS, 2 workers | ${ratio(3600, wall('DCGAN', 2))} |`);
