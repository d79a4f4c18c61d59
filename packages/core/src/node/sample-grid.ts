import * as tf from '@tensorflow/tfjs-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Callback, StepEvent } from '../callback.js';
import { encodePng, imageGrid, scatterPlot } from '../image.js';
import { BatchSampler } from '../rng.js';
import type { Trainer } from '../trainer.js';
import { writeFileAtomic } from './file-checkpoint-store.js';

/** Options of {@link SampleGrid}. */
export interface SampleGridOptions {
  readonly folder: string;
  /** Write a grid every this many steps (and at the end). */
  readonly every: number;
  /** Number of samples (a square number makes a square grid). Default 64. */
  readonly count?: number;
  /** Seed of the fixed latent codes, so grids over time show the same z. Default 1234. */
  readonly seed?: number;
  /** Value range of the generator's output. Default [-1, 1]. */
  readonly range?: readonly [number, number];
  /** Pixel magnification of each tile. Default 2. */
  readonly scale?: number;
}

/**
 * Writes PNG pictures of samples from fixed latent codes to
 * `folder/step-NNNNNNN.png` and `folder/latest.png`, so progress can be watched
 * as it happens: a grid for images `[h, w, c]` (one row per class for a
 * class-conditional generator; rows of source, output and target for an
 * image-to-image one), a scatter plot over real data for 2-D points.
 */
export class SampleGrid implements Callback {
  readonly written: string[] = [];
  /** The last picture written: its step, PNG bytes and size (for other loggers, e.g. TensorBoard). */
  last: { readonly step: number; readonly png: Uint8Array; readonly width: number; readonly height: number } | undefined;

  constructor(readonly options: SampleGridOptions) {
    mkdirSync(options.folder, { recursive: true });
  }

  onStepEnd(event: StepEvent): void {
    if (event.step % this.options.every === 0 || event.step === event.totalSteps) this.write(event.trainer, event.step);
  }

  /** Draws and writes one grid now; returns its path. */
  write(trainer: Trainer, step: number): string {
    const g = trainer.game.sampler;
    const twoD = g.outputShape.length === 1 && g.outputShape[0] === 2;
    const scale = this.options.scale ?? 2;
    const range = this.options.range ?? [-1, 1];
    const seed = this.options.seed ?? 1234;
    let samples: tf.Tensor;
    let columns: number | undefined;
    if (g.sourceShape && g.sourceShape[2] === g.outputShape[2]) {
      // Translation: a row of sources, a row of outputs, a row of the data's targets.
      const n = this.options.count ?? 8;
      const batch = trainer.dataset.batch(new BatchSampler(trainer.dataset.size, n, seed).indices(0));
      samples = tf.tidy(() => tf.concat([batch.source!, trainer.sample(n, seed, { source: batch.source! }), batch.x]));
      for (const t of new Set([batch.x, batch.source, batch.labels])) t?.dispose();
      columns = n;
    } else if (g.numClasses) {
      // One row per class.
      const k = g.numClasses;
      const n = this.options.count ?? k * Math.min(k, 10);
      samples = trainer.sample(n, seed);
      columns = Math.ceil(n / k);
    } else {
      samples = trainer.sample(this.options.count ?? (twoD ? 1000 : 64), seed);
    }
    try {
      let image: { width: number; height: number; rgb: Uint8Array };
      if (samples.rank === 4) {
        image = imageGrid(samples, { range, scale, ...(columns ? { columns } : {}) });
      } else if (twoD) {
        const real = trainer.dataset.batch(Array.from({ length: Math.min(1000, trainer.dataset.size) }, (_, i) => i)).x;
        try {
          image = scatterPlot(samples.dataSync(), { reference: real.dataSync() });
        } finally {
          real.dispose();
        }
      } else {
        return '';
      }
      const png = encodePng(image);
      this.last = { step, png, width: image.width, height: image.height };
      const path = join(this.options.folder, `step-${String(step).padStart(7, '0')}.png`);
      writeFileAtomic(path, png);
      writeFileAtomic(join(this.options.folder, 'latest.png'), png);
      this.written.push(path);
      return path;
    } finally {
      samples.dispose();
    }
  }
}
