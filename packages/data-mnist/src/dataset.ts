import * as tf from '@tensorflow/tfjs-core';
import type { Batch, Dataset } from '@gantry/core';
import type { ResolvedMnistOptions } from './options.js';
import { IMAGE_SIZE, NUM_CLASSES, PIXELS, type RawImages, type Split } from './sources.js';

/**
 * An MNIST-style data set (MNIST or Fashion-MNIST): 28 × 28 grey images with
 * labels 0 … 9, as a Gantry {@link Dataset}.
 *
 * The raw bytes stay in memory once (shared through a module-level cache);
 * `batch(indices)` scales just the requested images, x = lo + (hi − lo)·v/255,
 * to float32 `[n, 28, 28, 1]` with int32 labels `[n]`. A batch is a pure
 * function of its indices, which is what the trainer's exact resume relies on.
 */
export class MnistDataset implements Dataset {
  readonly sampleShape: readonly number[] = [IMAGE_SIZE, IMAGE_SIZE, 1];
  readonly numClasses = NUM_CLASSES;
  readonly range: readonly [number, number];
  readonly size: number;
  readonly split: Split;
  /** Position in the raw split of each sample of this data set. */
  private readonly rows: Uint32Array;
  /** Byte value → scaled float, so a batch costs one lookup per pixel. */
  private readonly lut: Float32Array;

  constructor(
    readonly name: string,
    private readonly raw: RawImages,
    options: ResolvedMnistOptions,
  ) {
    this.split = options.split;
    this.range = options.range;
    const keep = options.classes ? new Set(options.classes) : undefined;
    const limit = options.limit ?? raw.count;
    const rows: number[] = [];
    for (let i = 0; i < raw.count && rows.length < limit; i++) {
      if (!keep || keep.has(raw.labels[i])) rows.push(i);
    }
    this.rows = Uint32Array.from(rows);
    this.size = rows.length;
    const [lo, hi] = options.range;
    this.lut = new Float32Array(256);
    // Written as lo + (hi − lo)·v/255 so that 0 and 255 land exactly on lo and hi.
    for (let v = 0; v < 256; v++) this.lut[v] = v === 255 ? hi : lo + ((hi - lo) * v) / 255;
  }

  /** The label (0 … 9) of sample `index`. */
  label(index: number): number {
    return this.raw.labels[this.rows[this.check(index, 0)]];
  }

  batch(indices: ArrayLike<number>): Batch {
    const n = indices.length;
    const x = new Float32Array(n * PIXELS);
    const labels = new Int32Array(n);
    const { images } = this.raw;
    for (let k = 0; k < n; k++) {
      const row = this.rows[this.check(indices[k], k)];
      labels[k] = this.raw.labels[row];
      const from = this.raw.index[row] * PIXELS;
      const to = k * PIXELS;
      for (let p = 0; p < PIXELS; p++) x[to + p] = this.lut[images[from + p]];
    }
    return {
      x: tf.tensor4d(x, [n, IMAGE_SIZE, IMAGE_SIZE, 1], 'float32'),
      labels: tf.tensor1d(labels, 'int32'),
    };
  }

  /** Nothing to free: the raw bytes are shared (see `clearDataCache`) and batches belong to the caller. */
  dispose(): void {}

  private check(index: number, position: number): number {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new RangeError(
        `Index ${index} (position ${position} of the batch) is outside data set '${this.name}' of ${this.size} samples.`,
      );
    }
    return index;
  }
}
