import { describe, expect, it } from 'vitest';
import { BatchSampler, deriveSeed, permutation, satisfies } from '@gantry/core';

describe('seeding', () => {
  it('derived seeds are stable and distinct', () => {
    expect(deriveSeed(1, 2, 'z')).toBe(deriveSeed(1, 2, 'z'));
    const seen = new Set<number>();
    for (let s = 0; s < 1000; s++) seen.add(deriveSeed(0, s, 'discriminator', 0, 'z'));
    expect(seen.size).toBe(1000);
    expect(deriveSeed('a', 'bc')).not.toBe(deriveSeed('ab', 'c'));
  });

  it('a permutation contains every index once and is roughly uniform', () => {
    const p = permutation(1000, 5);
    expect(new Set(p).size).toBe(1000);
    // Position of element 0 over many seeds: mean ≈ (n−1)/2.
    let sum = 0;
    for (let s = 0; s < 2000; s++) sum += permutation(10, s).indexOf(0);
    expect(sum / 2000).toBeGreaterThan(4.2);
    expect(sum / 2000).toBeLessThan(4.8);
  });

  it('batches cover each epoch exactly once and are a pure function of the batch index', () => {
    const sampler = new BatchSampler(10, 4, 9);
    const firstEpoch = [...sampler.indices(0), ...sampler.indices(1), ...Array.from(sampler.indices(2)).slice(0, 2)];
    expect([...firstEpoch].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(new BatchSampler(10, 4, 9).indices(2))).toEqual(Array.from(sampler.indices(2)));
    expect(() => new BatchSampler(0, 4, 1)).toThrow(/empty/);
  });
});

describe('version ranges', () => {
  it('follows npm caret, tilde and exact semantics', () => {
    expect(satisfies('0.1.5', '^0.1.0')).toBe(true);
    expect(satisfies('0.2.0', '^0.1.0')).toBe(false);
    expect(satisfies('1.4.0', '^1.2.0')).toBe(true);
    expect(satisfies('2.0.0', '^1.2.0')).toBe(false);
    expect(satisfies('1.2.9', '~1.2.0')).toBe(true);
    expect(satisfies('1.3.0', '~1.2.0')).toBe(false);
    expect(satisfies('0.1.0', '0.1.0 || ^2.0.0')).toBe(true);
    expect(satisfies('3.0.0', '>=2.0.0')).toBe(true);
    expect(satisfies('1.0.0', '*')).toBe(true);
  });
});
