import { ConfigError } from '@gantry/core';

/** Options of the BEGAN objective (plain JSON, as in configs). */
export interface BeganObjectiveOptions {
  /** Diversity ratio γ ∈ (0, 1]; default 0.5. Use the same γ in the `convergence` metric. */
  readonly gamma?: number;
  /** Proportional gain λ_k ≥ 0 of k; default 0.001. */
  readonly lambdaK?: number;
  /** Initial k_0 ∈ [0, 1]; default 0. */
  readonly k0?: number;
}

const KEYS = ['gamma', 'lambdaK', 'k0'];

/** Validates the options, naming the option, the value and what is allowed. */
export function checkOptions(options: unknown): Required<BeganObjectiveOptions> {
  if (options === undefined || options === null) return check({});
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new ConfigError(`Options of objective 'began' must be an object, got ${show(options)}.`);
  }
  for (const key of Object.keys(options)) {
    if (!KEYS.includes(key)) {
      throw new ConfigError(
        `Unknown option '${key}' (value ${show((options as Record<string, unknown>)[key])}) for objective 'began'. Allowed options: ${KEYS.join(', ')}.`,
      );
    }
  }
  return check(options as BeganObjectiveOptions);
}

function check(o: BeganObjectiveOptions): Required<BeganObjectiveOptions> {
  const gamma = o.gamma ?? 0.5;
  if (typeof gamma !== 'number' || !(gamma > 0 && gamma <= 1)) {
    throw new ConfigError(`Option 'gamma' of objective 'began' must be a number in (0, 1], got ${show(gamma)}.`);
  }
  const lambdaK = o.lambdaK ?? 0.001;
  if (typeof lambdaK !== 'number' || !(lambdaK >= 0) || !Number.isFinite(lambdaK)) {
    throw new ConfigError(`Option 'lambdaK' of objective 'began' must be a finite number ≥ 0, got ${show(lambdaK)}.`);
  }
  const k0 = o.k0 ?? 0;
  if (!isK(k0)) throw new ConfigError(`Option 'k0' of objective 'began' must be a number in [0, 1], got ${show(k0)}.`);
  return { gamma, lambdaK, k0 };
}

/** True for a number in [0, 1]. */
export function isK(k: unknown): k is number {
  return typeof k === 'number' && k >= 0 && k <= 1;
}

/** A value as it appears in error messages. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
