/**
 * `pnpm exec tsx --conditions=@gantry/source scripts/began-inspect.ts CHECKPOINT [OUT.png]` —
 * a BEGAN checkpoint's auto-encoder at work: rows of real x, D(x), G(z), D(G(z)) (8 each)
 * as one PNG grid, and the value ranges and L1 errors of each printed. A diagnostic for
 * BEGAN runs (what the discriminator reconstructs, what the generator draws).
 */
import '@tensorflow/tfjs-layers';
import { writeFileSync } from 'node:fs';
import { selectBackend } from '@gantry/backend';
import { BUILTIN_PLUGINS } from '@gantry/cli';
import { createGan, encodePng, imageGrid, type GanSpec } from '@gantry/core';
import { loadCheckpointFile } from '@gantry/core/node';
import * as tf from '@tensorflow/tfjs-core';

const [path, out = 'runs/began-inspect.png'] = process.argv.slice(2);
if (!path) throw new Error('usage: began-inspect.ts CHECKPOINT [OUT.png]');
await selectBackend('wasm');
const state = loadCheckpointFile(path);
const gan = await createGan(state.spec as GanSpec, { plugins: BUILTIN_PLUGINS });
gan.trainer.restore(state);
const d = gan.trainer.game.models.discriminator as unknown as {
  apply(i: { x: tf.Tensor }, o: { training: boolean }): { reconstruction: tf.Tensor };
};
const n = 8;
const indices = Int32Array.from({ length: n }, (_, i) => i * 997);
const real = gan.dataset.batch(indices).x;
const fake = gan.trainer.sample(n, 5);
const dReal = d.apply({ x: real }, { training: false }).reconstruction;
const dFake = d.apply({ x: fake }, { training: false }).reconstruction;
const stats = (name: string, t: tf.Tensor) => {
  const v = t.dataSync();
  let lo = Infinity;
  let hi = -Infinity;
  let sum = 0;
  for (const x of v) {
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
    sum += x;
  }
  console.log(`${name}: min ${lo.toFixed(3)} max ${hi.toFixed(3)} mean ${(sum / v.length).toFixed(3)}`);
};
stats('x', real);
stats('D(x)', dReal);
stats('G(z)', fake);
stats('D(G(z))', dFake);
console.log(`L(x) ${tf.mean(tf.abs(tf.sub(real, dReal))).dataSync()[0].toFixed(4)}  L(G(z)) ${tf.mean(tf.abs(tf.sub(fake, dFake))).dataSync()[0].toFixed(4)}`);
const grid = imageGrid(tf.concat([real, dReal, fake, dFake]), { columns: n, scale: 1, range: gan.dataset.range });
writeFileSync(out, encodePng(grid));
console.log(`wrote ${out} (rows: x, D(x), G(z), D(G(z)); step ${state.step})`);
