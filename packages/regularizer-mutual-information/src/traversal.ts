import * as tf from '@tensorflow/tfjs-core';
import { checkNumber, deriveSeed } from '@gantry/core';
import { encodeLatent, sampleCategories, sampleNoise, type InfoGanLayout } from './prior.js';

/** Options of {@link categoricalTraversal}. */
export interface CategoricalTraversalOptions {
  /** Which categorical code the rows vary (index into `layout.categorical`); default 0. */
  readonly code?: number;
  /** The code's value in each row; default every value 0 … K − 1 (one row each). */
  readonly values?: readonly number[];
  /** Columns: how many noise vectors; default 10. */
  readonly columns?: number;
  /** Seed of the noise (and of the other categorical codes); default 0. */
  readonly seed?: number;
  /** Value of every continuous code; default 0 (the centre of U(−1, 1)). */
  readonly continuous?: number;
}

/**
 * Latent codes for a categorical traversal (Chen et al. 2016,
 * https://arxiv.org/abs/1606.03657, Fig. 2a): a grid of R = `values.length` rows by C =
 * `columns` columns, row-major (`[R·C, size]`), where sample r·C + j has
 *
 * - categorical code `code` = `values[r]` (the row),
 * - noise εⱼ: column j's draw, the same in every row (so each column shows one "style"
 *   rendered as each value of the code),
 * - the other categorical codes: column j's draw, also the same down the column,
 * - every continuous code = `continuous`.
 *
 * With a well-trained InfoGAN on MNIST each row is one digit.
 */
export function categoricalTraversal(layout: InfoGanLayout, options: CategoricalTraversalOptions = {}): tf.Tensor2D {
  const fn = 'categoricalTraversal';
  const code = checkNumber(fn, 'code', options.code ?? 0, { integer: true, min: 0, max: layout.categorical.length - 1, hint: '(an index into the categorical codes)' });
  const k = layout.categorical[code];
  const values = options.values ?? Array.from({ length: k }, (_, i) => i);
  values.forEach((v) => checkNumber(fn, 'values', v, { integer: true, min: 0, max: k - 1 }));
  const columns = checkNumber(fn, 'columns', options.columns ?? 10, { integer: true, min: 1 });
  const seed = checkNumber(fn, 'seed', options.seed ?? 0, { integer: true, min: 0 });
  const continuous = checkNumber(fn, 'continuous', options.continuous ?? 0);
  return grid(layout, values.length, columns, seed, (r, _j, categories, cont) => {
    categories[code] = values[r];
    cont.fill(continuous);
  });
}

/** Options of {@link continuousTraversal}. */
export interface ContinuousTraversalOptions {
  /** Which continuous code the columns vary (index 0 … m − 1); default 0. */
  readonly index?: number;
  /** The code's value in each column; default 10 values from −2 to 2 (the paper's Fig. 2c–d range, beyond the prior's ±1). */
  readonly values?: readonly number[];
  /** Which categorical code the rows set (when the layout has one); default 0. */
  readonly code?: number;
  /** The categorical code's value in each row; default every value 0 … K − 1. Without categorical codes: one row. */
  readonly rows?: readonly number[];
  /** Seed of the noise (one vector for the whole grid) and of the other codes; default 0. */
  readonly seed?: number;
  /** Value of the other continuous codes; default 0. */
  readonly others?: number;
}

/** `count` evenly spaced values from `from` to `to` (both included): xᵢ = from + i·(to − from)/(count − 1) — the continuous-code sweeps of Chen et al. 2016, https://arxiv.org/abs/1606.03657, Fig. 2c–d. */
export function linspace(from: number, to: number, count: number): number[] {
  checkNumber('linspace', 'count', count, { integer: true, min: 1 });
  return Array.from({ length: count }, (_, i) => (count === 1 ? from : from + ((to - from) * i) / (count - 1)));
}

/**
 * Latent codes for a continuous traversal (Chen et al. 2016,
 * https://arxiv.org/abs/1606.03657, Fig. 2c–d): one row per value of a categorical code,
 * columns sweep continuous code `index` over `values` (default −2 … 2, past the prior's
 * ±1 to show how the factor extrapolates); the noise is one fixed draw for the whole
 * grid and the other continuous codes are `others`. Row-major `[R·C, size]`.
 */
export function continuousTraversal(layout: InfoGanLayout, options: ContinuousTraversalOptions = {}): tf.Tensor2D {
  const fn = 'continuousTraversal';
  const index = checkNumber(fn, 'index', options.index ?? 0, { integer: true, min: 0, max: layout.continuous - 1, hint: '(an index into the continuous codes)' });
  const values = options.values ?? linspace(-2, 2, 10);
  values.forEach((v) => checkNumber(fn, 'values', v));
  const hasCode = layout.categorical.length > 0;
  const code = hasCode ? checkNumber(fn, 'code', options.code ?? 0, { integer: true, min: 0, max: layout.categorical.length - 1 }) : -1;
  const rows = hasCode ? (options.rows ?? Array.from({ length: layout.categorical[code] }, (_, i) => i)) : [0];
  if (hasCode) rows.forEach((v) => checkNumber(fn, 'rows', v, { integer: true, min: 0, max: layout.categorical[code] - 1 }));
  const seed = checkNumber(fn, 'seed', options.seed ?? 0, { integer: true, min: 0 });
  const others = checkNumber(fn, 'others', options.others ?? 0);
  return grid(layout, rows.length, values.length, seed, (r, j, categories, cont) => {
    if (hasCode) categories[code] = rows[r];
    cont.fill(others);
    cont[index] = values[j];
  }, 'shared');
}

/**
 * Builds a row-major grid of codes. Noise and categorical codes start from per-column
 * draws (`'per-column'`) or one draw for the whole grid (`'shared'`); `set` then fixes
 * the cell's categorical values and continuous codes in place.
 */
function grid(
  layout: InfoGanLayout,
  rows: number,
  columns: number,
  seed: number,
  set: (r: number, j: number, categories: number[], continuous: number[]) => void,
  noiseMode: 'per-column' | 'shared' = 'per-column',
): tf.Tensor2D {
  const draws = noiseMode === 'shared' ? 1 : columns;
  const drawSeed = deriveSeed(seed, 'traversal');
  const drawnCategories = tf.tidy(() => sampleCategories(layout, draws, drawSeed).arraySync() as number[][]);
  const k = layout.categorical.length;
  const categories = new Int32Array(rows * columns * k);
  const continuous = new Float32Array(rows * columns * layout.continuous);
  const column = new Int32Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < columns; j++) {
      const cell = r * columns + j;
      const d = noiseMode === 'shared' ? 0 : j;
      column[cell] = d;
      const cats = [...drawnCategories[d]];
      const cont = new Array<number>(layout.continuous).fill(0);
      set(r, j, cats, cont);
      categories.set(cats, cell * k);
      continuous.set(cont, cell * layout.continuous);
    }
  }
  return tf.tidy(() => {
    const n = rows * columns;
    const noise = tf.gather(sampleNoise(layout, draws, drawSeed), tf.tensor1d(column, 'int32'));
    return encodeLatent(layout, {
      noise,
      categories: tf.tensor2d(categories, [n, k], 'int32'),
      continuous: tf.tensor2d(continuous, [n, layout.continuous]),
    });
  });
}
