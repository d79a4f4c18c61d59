import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { soak } from '../scripts/soak.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('soak (reduced length; `pnpm bench` runs 10,000 steps)', () => {
  it('1,000 steps keep numTensors exactly flat and RSS flat', async () => {
    const r = await soak(1000);
    console.log(`soak: ${r.steps} steps, tensors ${r.tensors.start} → ${r.tensors.end}, RSS ${r.rssMiB.start.toFixed(0)} → ${r.rssMiB.end.toFixed(0)} MiB (max ${r.rssMiB.max.toFixed(0)}), ${r.msPerStep.toFixed(1)} ms/step`);
    expect(r.tensors.end).toBe(r.tensors.start);
    // A leak of even one 64×2 float tensor per step would add 1 MiB over 1,000 steps plus
    // tfjs bookkeeping; the allocator's own noise stays well under 40 MiB.
    expect(r.rssMiB.end - r.rssMiB.start).toBeLessThan(40);
  }, 900_000);
});
