// The one-hot code on the backend the demos train on: tfjs-backend-wasm 4.22's OneHot kernel
// writes int32 bits into a float32 output (1 → 1.4e-45), which once made every label vanish.
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { cganMlpGenerator, oneHotLabels } from '@gantry/arch-conditional';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('on wasm', () => {
  it('oneHotLabels gives exact float32 ones and zeros', () => {
    expect(tf.getBackend()).toBe('wasm');
    tf.tidy(() => {
      const code = oneHotLabels('test', tf.tensor1d([0, 2, 1], 'int32'), 3, 3);
      expect(code.dtype).toBe('float32');
      expect(code.arraySync()).toEqual([
        [1, 0, 0],
        [0, 0, 1],
        [0, 1, 0],
      ]);
    });
  });

  it('a generator’s output depends on the label', () => {
    const g = cganMlpGenerator({ hidden: [8], latentDim: 2, embeddingDim: 0, batchNorm: false }, { seed: 1, sampleShape: [2], numClasses: 3 });
    tf.tidy(() => {
      const z = tf.zeros([2, 2]);
      const [a, b] = (g.apply({ z, labels: tf.tensor1d([0, 1], 'int32') }, { training: false }).arraySync() as number[][]);
      expect(Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1])).toBeGreaterThan(1e-3);
    });
    g.dispose();
  });
});
