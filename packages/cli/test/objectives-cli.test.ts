// Every objective family trains on MNIST from the command line (a few steps, tiny widths).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '@gantry/cli';
import { readMetricsLog } from '@gantry/core/node';

const base = ['--data', 'mnist:limit=64', '--steps', '2', '--batch-size', '8', '--backend', 'wasm', '--sample-every', '2'];
const dcgan = ['--generator', 'dcgan:width=4', '--discriminator', 'dcgan:width=4'];
const RUNS: Record<string, string[]> = {
  'non-saturating': [...dcgan, '--objective', 'non-saturating'],
  minimax: [...dcgan, '--objective', 'minimax'],
  'maximum-likelihood': [...dcgan, '--objective', 'maximum-likelihood'],
  'least-squares': [...dcgan, '--objective', 'least-squares'],
  hinge: [...dcgan, '--objective', 'hinge'],
  'wasserstein + clipping': [...dcgan, '--objective', 'wasserstein', '--constraint', 'weight-clipping', '--d-steps', '2', '--optimizer', 'rmsprop', '--lr', '5e-5'],
  'wasserstein + GP': ['--generator', 'dcgan:width=4', '--discriminator', 'dcgan:width=4,batchNorm=false', '--objective', 'wasserstein', '--regularizer', 'gradient-penalty:lambda=10', '--d-steps', '2'],
  'f-GAN': [...dcgan, '--objective', 'f-gan:divergence=kl'],
  'non-saturating + R1': [...dcgan, '--objective', 'non-saturating', '--regularizer', 'r1'],
  'non-saturating + DRAGAN': [...dcgan, '--objective', 'non-saturating', '--regularizer', 'dragan'],
  'loss-sensitive': [...dcgan, '--objective', 'loss-sensitive'],
  'MMD (no discriminator)': ['--generator', 'dcgan:width=4', '--discriminator', 'none', '--objective', 'mmd'],
  'SN-GAN': ['--generator', 'dcgan:width=4', '--discriminator', 'sn-dcgan:width=4', '--objective', 'hinge'],
  BEGAN: ['--generator', 'began:filters=4', '--discriminator', 'began:filters=4', '--objective', 'began', '--metric', 'convergence'],
};

describe('each objective trains on MNIST from the CLI', () => {
  for (const [name, flags] of Object.entries(RUNS)) {
    it(name, async () => {
      const out = mkdtempSync(join(tmpdir(), 'gantry-obj-'));
      const code = await main(['train', ...base, ...flags, '--out', out]);
      expect(code).toBe(0);
      const log = readMetricsLog(join(out, 'metrics.jsonl'));
      expect(log.map((l) => l.step)).toEqual([1, 2]);
      for (const row of log) for (const [k, v] of Object.entries(row)) if (k.startsWith('loss/')) expect(Number.isFinite(v)).toBe(true);
    }, 120_000);
  }
});
