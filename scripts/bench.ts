/**
 * `pnpm bench` — performance in one run, as ratios side by side:
 *  1. a soak: 10,000 steps of a small GAN, tf.memory().numTensors and RSS at start and end;
 *  2. DCGAN-28 step (batch 64) on wasm and cpu, with and without Gantry's kernels, GFLOP/s,
 *     and the top kernels of a profiled wasm step (from @gantry/kernels' bench);
 *  3. Gantry's trainer vs a minimal hand-written tfjs loop on the same backend and model
 *     (framework overhead), measured interleaved so machine load hits both alike.
 * `pnpm bench --quick` skips the slow cpu-stock row and takes fewer steps (CI).
 */
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@gantry/backend';
import { createGan } from '@gantry/core';
import { dcganPlugin } from '@gantry/arch-dcgan';
import { mnistPlugin } from '@gantry/data-mnist';
import { minimaxPlugin } from '@gantry/loss-minimax';
import { buildDcgan, dcganStep, dcganStepFlops, runDcganBench } from '../packages/kernels/bench/dcgan-step.js';

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

// 3. Framework overhead on the default backend.
const gan = await createGan(
  { data: 'mnist', generator: 'dcgan', discriminator: 'dcgan', objective: 'non-saturating', training: { batchSize: 64, seed: 0 } },
  { plugins: [mnistPlugin, dcganPlugin, minimaxPlugin] },
);
const hand = buildDcgan();
const real = gan.dataset.batch(Array.from({ length: 64 }, (_, i) => i)).x as tf.Tensor4D;
const steps = quick ? 4 : 12;
const gantryMs: number[] = [];
const handMs: number[] = [];
for (let i = 0; i < 2; i++) {
  gan.trainer.trainStep();
  dcganStep(hand, real);
}
for (let i = 0; i < steps; i++) {
  let t = performance.now();
  gan.trainer.trainStep();
  gantryMs.push(performance.now() - t);
  t = performance.now();
  dcganStep(hand, real);
  handMs.push(performance.now() - t);
}
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const g = median(gantryMs);
const h = median(handMs);
const flops = dcganStepFlops(64);
log(`\nGantry trainer vs a minimal hand-written tfjs loop — DCGAN-28, non-saturating, batch 64, ${selection.choice} + Gantry kernels, median of ${steps} interleaved steps`);
log('| loop | ms / step | images / s | GFLOP/s |');
log('|---|---:|---:|---:|');
log(`| Gantry (createGan + Trainer.trainStep) | ${g.toFixed(0)} | ${((64 * 1000) / g).toFixed(0)} | ${(flops / g / 1e6).toFixed(2)} |`);
log(`| hand-written (tf.variableGrads + tf.train.adam) | ${h.toFixed(0)} | ${((64 * 1000) / h).toFixed(0)} | ${(flops / h / 1e6).toFixed(2)} |`);
log(`| ratio Gantry / hand-written | ${(g / h).toFixed(3)} | | |`);
real.dispose();
hand.dispose();
gan.dispose();

