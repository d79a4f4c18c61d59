import * as tf from '@tensorflow/tfjs-core';
import { BatchSampler, type Dataset, type Generator, type Metric, type MetricInput } from '@gantry/core';

/**
 * The {@link MetricInput} the trainer builds, for a generator and data set outside
 * training (e.g. a `gantry eval` command): `generate(n, seed)` draws z from the
 * generator's prior with `seed` and runs G in inference mode; `real(n, seed)` takes
 * a seeded random batch of the data set (without repetition when n ≤ its size).
 */
export function metricInputFor(generator: Generator, dataset: Dataset, step = 0): MetricInput {
  return {
    generator,
    dataset,
    step,
    generate: (n, seed) => tf.tidy(() => generator.apply({ z: generator.prior.sample(n, seed) }, { training: false })),
    real: (n, seed) =>
      tf.tidy(() => {
        const batch = dataset.batch(new BatchSampler(dataset.size, n, seed).indices(0));
        return batch.x;
      }),
  };
}

/**
 * Evaluates sample-based metrics of a generator against a data set and merges
 * their reports, e.g. `{ inception_score, inception_score_std, fid, kid, kid_std }`.
 * Metrics without `evaluate` are skipped.
 */
export async function evaluateGenerator(options: {
  readonly generator: Generator;
  readonly dataset: Dataset;
  readonly metrics: readonly Metric[];
  readonly step?: number;
}): Promise<Record<string, number>> {
  const input = metricInputFor(options.generator, options.dataset, options.step ?? 0);
  const out: Record<string, number> = {};
  for (const m of options.metrics) if (m.evaluate) Object.assign(out, await m.evaluate(input));
  return out;
}
