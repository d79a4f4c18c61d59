// Trains a small GAN in a fresh project that installed only what it needs from the
// registry: ring data, MLP generator/discriminator, on the cpu backend; first with
// our non-saturating objective, then with a third party's objective, by name.
// Plain Node ESM, no build step, no workspace conditions.
import '@tensorflow/tfjs-layers'; // the MLPs are tfjs-layers models (and it registers gradients)
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@gantry/backend';
import { createGan, CORE_VERSION, findProvider } from '@gantry/core';
import { toyDataPlugin } from '@gantry/data-toy';
import { mlpPlugin } from '@gantry/arch-mlp';
import { minimaxPlugin } from '@gantry/loss-minimax';
import { examplePlugin } from '@thirdparty/gantry-plugin-example';

const steps = Number(process.env.TRAIN_STEPS ?? 20);
for (const name of ['@gantry/core', '@gantry/backend', '@gantry/loss-minimax', '@thirdparty/gantry-plugin-example']) {
  console.log(`resolve ${name} → ${new URL(import.meta.resolve(name)).pathname}`);
}
const backend = await selectBackend('cpu');
console.log(`backend: ${backend.backend} (@gantry/core ${CORE_VERSION}, kernels: ${backend.kernels.join(', ') || 'none'})`);

let failed = false;
for (const objective of ['non-saturating', 'relativistic-average']) {
  const rows = [];
  const gan = await createGan(
    {
      data: 'ring',
      generator: 'mlp',
      discriminator: 'mlp',
      objective,
      training: { steps, batchSize: 64, seed: 1 },
    },
    {
      plugins: [toyDataPlugin, mlpPlugin, minimaxPlugin, examplePlugin],
      callbacks: [{ onStepEnd: (e) => void rows.push([e.step, e.logs['loss/discriminator'], e.logs['loss/generator']]) }],
    },
  );
  const started = performance.now();
  const result = await gan.fit();
  const ms = performance.now() - started;
  for (const [step, d, g] of rows) {
    if (step === 1 || step % 5 === 0) console.log(`  [${objective}] step ${String(step).padStart(3)}  loss/D ${d.toFixed(4)}  loss/G ${g.toFixed(4)}`);
  }
  const finite = rows.length === steps && rows.every(([, d, g]) => Number.isFinite(d) && Number.isFinite(g));
  const provider = findProvider(gan.container, 'objective', objective);
  console.log(`trained '${objective}' (${provider.description}): ${result.step} steps, ${result.reason}, ${(ms / 1000).toFixed(1)} s, losses ${finite ? 'finite' : 'NOT FINITE/MISSING'}`);
  failed ||= !finite || result.step !== steps;
  gan.dispose();
}
console.log(`tensors left: ${tf.memory().numTensors}`);
if (failed) process.exit(1);
console.log('train.mjs: ok');
