import { ConfigError, type Metric } from '@gantry/core';
import { convergenceMeasure } from './functional.js';

/** Options of {@link ConvergenceMetric} (plain JSON, as in configs). */
export interface ConvergenceMetricOptions {
  /** γ ∈ (0, 1]; must equal the BEGAN objective's γ. Default 0.5. */
  readonly gamma?: number;
  /** Log key of L(x); default `'began/L_real'` (what `@gantry/loss-began` logs). */
  readonly realKey?: string;
  /** Log key of L(G(z)); default `'began/L_fake'`. */
  readonly fakeKey?: string;
}

const KEYS = ['gamma', 'realKey', 'fakeKey'];

/**
 * M_global = L(x) + |γ·L(x) − L(G(z))| (Berthelot et al. 2017,
 * https://arxiv.org/abs/1703.10717 §3.4.1), computed each step from the values the
 * BEGAN objective logged (`fromStep`), reported under `convergence`. Steps whose logs
 * lack either loss (or hold a non-finite one) report nothing.
 *
 * @example
 * ```ts
 * new ConvergenceMetric({ gamma: 0.5 }).fromStep({ 'began/L_real': 0.2, 'began/L_fake': 0.06 }); // { convergence: 0.24 }
 * ```
 */
export class ConvergenceMetric implements Metric {
  static readonly id = '@gantry/metric-convergence>Convergence';
  readonly id = ConvergenceMetric.id;
  /** Only from the step's logs: never sampled. */
  readonly every = 0;
  readonly gamma: number;
  readonly realKey: string;
  readonly fakeKey: string;

  constructor(options: ConvergenceMetricOptions = {}) {
    if (options === null || typeof options !== 'object' || Array.isArray(options)) {
      throw new ConfigError(`Options of metric 'convergence' must be an object, got ${String(options)}.`);
    }
    for (const key of Object.keys(options)) {
      if (!KEYS.includes(key)) {
        throw new ConfigError(`Unknown option '${key}' for metric 'convergence'. Allowed options: ${KEYS.join(', ')}.`);
      }
    }
    const gamma = options.gamma ?? 0.5;
    if (typeof gamma !== 'number' || !(gamma > 0 && gamma <= 1)) {
      throw new ConfigError(`Option 'gamma' of metric 'convergence' must be a number in (0, 1], got ${JSON.stringify(gamma)}.`);
    }
    this.gamma = gamma;
    this.realKey = stringOption(options.realKey, 'realKey', 'began/L_real');
    this.fakeKey = stringOption(options.fakeKey, 'fakeKey', 'began/L_fake');
  }

  fromStep(logs: Readonly<Record<string, number>>): Record<string, number> {
    const lossReal = logs[this.realKey];
    const lossFake = logs[this.fakeKey];
    if (!Number.isFinite(lossReal) || !Number.isFinite(lossFake)) return {};
    return { convergence: convergenceMeasure(lossReal, lossFake, this.gamma) };
  }
}

function stringOption(value: unknown, key: string, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.length === 0) {
    throw new ConfigError(`Option '${key}' of metric 'convergence' must be a non-empty string, got ${JSON.stringify(value)}.`);
  }
  return value;
}
