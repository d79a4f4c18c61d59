/**
 * Counter-based seeding. Every random draw in a run gets its own seed derived by
 * hashing (run seed, step, phase, purpose, ...), so the numbers drawn at step k do
 * not depend on what happened before: a resumed run draws exactly what an
 * uninterrupted one would, and no RNG stream state has to be checkpointed.
 */
export function deriveSeed(...parts: ReadonlyArray<string | number>): number {
  // FNV-1a over the parts' text, then a murmur3 finaliser for avalanche.
  let h = 0x811c9dc5;
  for (const part of parts) {
    const text = `${String(part)}\u0000`;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: a small, fast 32-bit generator returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniformly random permutation of 0 … n−1 (Fisher–Yates), fixed by `seed`. */
export function permutation(n: number, seed: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  const random = mulberry32(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}

/**
 * Sample indices of the `batchIndex`-th batch of a run: epochs are seeded
 * permutations of the data set, consumed in order; a batch may span two epochs.
 * A pure function of its arguments (see {@link deriveSeed}).
 */
export class BatchSampler {
  private cachedEpoch = -1;
  private cached: Uint32Array = new Uint32Array(0);

  constructor(
    readonly size: number,
    readonly batchSize: number,
    readonly seed: number,
  ) {
    if (!(size > 0)) throw new RangeError(`The data set is empty (size ${size}); nothing to train on.`);
  }

  indices(batchIndex: number): Uint32Array {
    const out = new Uint32Array(this.batchSize);
    const start = batchIndex * this.batchSize;
    for (let i = 0; i < this.batchSize; i++) {
      const k = start + i;
      const epoch = Math.floor(k / this.size);
      out[i] = this.epochOrder(epoch)[k - epoch * this.size];
    }
    return out;
  }

  private epochOrder(epoch: number): Uint32Array {
    if (epoch !== this.cachedEpoch) {
      this.cached = permutation(this.size, deriveSeed(this.seed, 'epoch', epoch));
      this.cachedEpoch = epoch;
    }
    return this.cached;
  }
}
