import { deriveSeed, permutation } from '@gantry/core';
import { fashionRaw, mnistRaw } from '@gantry/data-mnist';
import { TranslationDataset } from './dataset.js';
import { resolveTranslationOptions, type TranslationOptions, type UnpairedOptions } from './options.js';

/**
 * `mnist-edges`, a paired set for pix2pix (Isola et al. 2017, arXiv:1611.07004):
 * source = the {@link edgeMap} outline of an MNIST digit (external morphological
 * gradient of the digit binarised at 128: +1 on background pixels touching the
 * stroke, −1 elsewhere), x = the digit itself in [−1, 1]; labels = the digit's class.
 * Sample i is MNIST sample i of the split (60 000 train / 10 000 test).
 *
 * @example
 * ```ts
 * const data = loadMnistEdges({ split: 'test', limit: 1000 });
 * const { x, source, labels } = data.batch([0, 1]); // x, source: [2, 32, 32, 1]
 * ```
 */
export function loadMnistEdges(options: TranslationOptions = {}): TranslationDataset {
  const o = resolveTranslationOptions('mnist-edges', options, false);
  const raw = mnistRaw(o.split);
  const n = Math.min(o.limit, raw.count);
  const rows = new Uint32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return new TranslationDataset('mnist-edges', {
    source: { raw, look: 'edges' },
    target: { raw, look: 'plain' },
    sourceRows: rows,
    targetRows: rows,
    labels: true,
    imageSize: o.size,
  });
}

/**
 * `mnist-inverted`, an unpaired set for CycleGAN (Zhu et al. 2017,
 * arXiv:1703.10593): domain A (source) = MNIST digits, domain B (x) = colour-
 * inverted MNIST digits (x = 1 − 2v/255: black ink on white).
 *
 * The split's images are cut in two disjoint halves by a seeded permutation; A
 * takes the first half, B the second, and source i is paired with a B image
 * chosen by a second, independent seeded permutation. So no sample — and no
 * batch — ever holds an image together with its own inversion: the model must
 * learn the mapping from the two marginals, as CycleGAN assumes. No labels
 * (the two images of a pair are of unrelated classes). Size: half the split
 * (30 000 train / 5 000 test), or `limit`.
 */
export function loadMnistInverted(options: UnpairedOptions = {}): TranslationDataset {
  const o = resolveTranslationOptions('mnist-inverted', options, true);
  const raw = mnistRaw(o.split);
  const half = Math.floor(raw.count / 2);
  const order = permutation(raw.count, deriveSeed(o.seed, 'mnist-inverted', o.split, 'halves'));
  const n = Math.min(o.limit, half);
  const pairing = permutation(half, deriveSeed(o.seed, 'mnist-inverted', o.split, 'pairing'));
  const sourceRows = order.slice(0, n);
  const targetRows = new Uint32Array(n);
  for (let i = 0; i < n; i++) targetRows[i] = order[half + pairing[i]];
  return new TranslationDataset('mnist-inverted', {
    source: { raw, look: 'plain' },
    target: { raw, look: 'inverted' },
    sourceRows,
    targetRows,
    labels: false,
    imageSize: o.size,
  });
}

/**
 * `mnist-fashion`, an unpaired set: domain A (source) = MNIST digits (sample i
 * of the split), domain B (x) = Fashion-MNIST images (Xiao et al. 2017,
 * arXiv:1708.07747) in an independent seeded order. The two come from different
 * data sets, so no pair shares an image; no labels. Size: 60 000 train /
 * 10 000 test, or `limit`. Fashion-MNIST's split is the one `@gantry/data-mnist`
 * defines (`fashionRaw`).
 */
export function loadMnistFashion(options: UnpairedOptions = {}): TranslationDataset {
  const o = resolveTranslationOptions('mnist-fashion', options, true);
  const digits = mnistRaw(o.split);
  const clothes = fashionRaw(o.split);
  const n = Math.min(o.limit, digits.count, clothes.count);
  const pairing = permutation(clothes.count, deriveSeed(o.seed, 'mnist-fashion', o.split, 'pairing'));
  const sourceRows = new Uint32Array(n);
  for (let i = 0; i < n; i++) sourceRows[i] = i;
  return new TranslationDataset('mnist-fashion', {
    source: { raw: digits, look: 'plain' },
    target: { raw: clothes, look: 'plain' },
    sourceRows,
    targetRows: pairing.slice(0, n),
    labels: false,
    imageSize: o.size,
  });
}
