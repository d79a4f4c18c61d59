import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Callback, StepEvent } from '../callback.js';
import { encodePng, imageGrid, scatterPlot } from '../image.js';
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
 * as it happens: a grid for images `[h, w, c]`, a scatter plot over real data for
 * 2-D points.
 */
export class SampleGrid implements Callback {
  readonly written: string[] = [];

  constructor(readonly options: SampleGridOptions) {
    mkdirSync(options.folder, { recursive: true });
  }

  onStepEnd(event: StepEvent): void {
    if (event.step % this.options.every === 0 || event.step === event.totalSteps) this.write(event.trainer, event.step);
  }

  /** Draws and writes one grid now; returns its path. */
  write(trainer: Trainer, step: number): string {
    const twoD = trainer.game.sampler.outputShape.length === 1 && trainer.game.sampler.outputShape[0] === 2;
    const samples = trainer.sample(this.options.count ?? (twoD ? 1000 : 64), this.options.seed ?? 1234);
    try {
      let png: Uint8Array;
      if (samples.rank === 4) {
        png = encodePng(imageGrid(samples, { range: this.options.range ?? [-1, 1], scale: this.options.scale ?? 2 }));
      } else if (twoD) {
        const real = trainer.dataset.batch(Array.from({ length: Math.min(1000, trainer.dataset.size) }, (_, i) => i)).x;
        try {
          png = encodePng(scatterPlot(samples.dataSync(), { reference: real.dataSync() }));
        } finally {
          real.dispose();
        }
      } else {
        return '';
      }
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
