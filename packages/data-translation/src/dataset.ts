import * as tf from '@tensorflow/tfjs-core';
import type { Batch, Dataset } from '@gantry/core';
import { IMAGE_SIZE, NUM_CLASSES, PIXELS, type RawImages } from '@gantry/data-mnist';
import { render, type Look } from './look.js';

/** One side of a translation data set: where its images come from and how they look. */
export interface Domain {
  /** Raw images of one split (from `@gantry/data-mnist`'s `mnistRaw` / `fashionRaw`). */
  readonly raw: RawImages;
  readonly look: Look;
}

/** Where sample i of a {@link TranslationDataset} comes from. */
export interface TranslationParts {
  readonly source: Domain;
  readonly target: Domain;
  /** Sample i's source is sample `sourceRows[i]` of `source.raw`. */
  readonly sourceRows: Uint32Array;
  /** Sample i's target is sample `targetRows[i]` of `target.raw`. */
  readonly targetRows: Uint32Array;
  /** Whether the pair has a meaningful class label (the target's): true for paired sets. */
  readonly labels: boolean;
  /** Side of the images: 28, or 32 (zero-padded with the background value). */
  readonly imageSize: 28 | 32;
}

/**
 * An image-to-image data set as a Gantry {@link Dataset}: `batch(indices)` gives
 * `{ x, source, labels? }` with x the target-domain images and `source` the
 * source-domain images, both float32 NHWC `[n, size, size, 1]` in [−1, 1]. G
 * learns source → x; pix2pix's D sees (source, x) pairs, CycleGAN's two Ds see
 * each domain alone.
 *
 * A batch is a pure function of its indices (the pairing is fixed at build time),
 * which is what the trainer's exact resume relies on.
 */
export class TranslationDataset implements Dataset {
  readonly size: number;
  readonly sampleShape: readonly number[];
  /** Shape of one source image (equal to `sampleShape` here). */
  readonly sourceShape: readonly number[];
  readonly range = [-1, 1] as const;
  readonly numClasses?: number;
  private readonly parts: TranslationParts;

  constructor(
    readonly name: string,
    parts: TranslationParts,
  ) {
    if (parts.sourceRows.length !== parts.targetRows.length) {
      throw new RangeError(`${name}: ${parts.sourceRows.length} sources but ${parts.targetRows.length} targets.`);
    }
    this.parts = parts;
    this.size = parts.sourceRows.length;
    this.sampleShape = [parts.imageSize, parts.imageSize, 1];
    this.sourceShape = this.sampleShape;
    if (parts.labels) this.numClasses = NUM_CLASSES;
  }

  /**
   * The underlying images of sample `index`: their positions in the raw image
   * arrays of the source and target domains (`RawImages.images`, 784 bytes each).
   * Two samples show the same underlying image iff these agree (and the domains
   * share raw arrays); tests use it to show unpaired sets share no image.
   */
  origin(index: number): { source: number; target: number } {
    this.check(index, 0);
    const { source, target, sourceRows, targetRows } = this.parts;
    return { source: source.raw.index[sourceRows[index]], target: target.raw.index[targetRows[index]] };
  }

  batch(indices: ArrayLike<number>): Batch {
    const n = indices.length;
    const s = this.parts.imageSize;
    const { source, target, sourceRows, targetRows } = this.parts;
    const xs = new Float32Array(n * s * s);
    const ss = new Float32Array(n * s * s);
    const labels = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const i = this.check(indices[k], k);
      const sRow = sourceRows[i];
      const tRow = targetRows[i];
      render(source.look, image(source.raw, sRow), IMAGE_SIZE, ss, k * s * s, s);
      render(target.look, image(target.raw, tRow), IMAGE_SIZE, xs, k * s * s, s);
      labels[k] = target.raw.labels[tRow];
    }
    const shape: [number, number, number, number] = [n, s, s, 1];
    return {
      x: tf.tensor4d(xs, shape, 'float32'),
      source: tf.tensor4d(ss, shape, 'float32'),
      ...(this.parts.labels ? { labels: tf.tensor1d(labels, 'int32') } : {}),
    };
  }

  /** Nothing to free: the raw bytes are `@gantry/data-mnist`'s shared cache, and batches belong to the caller. */
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

function image(raw: RawImages, row: number): Uint8Array {
  const from = raw.index[row] * PIXELS;
  return raw.images.subarray(from, from + PIXELS);
}
