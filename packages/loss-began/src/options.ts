import { checkKeys, numberOption } from '@gantry/core';

/** Options of the BEGAN objective (plain JSON, as in configs). */
export interface BeganObjectiveOptions {
  /** Diversity ratio γ ∈ (0, 1]; default 0.5. Use the same γ in the `convergence` metric. */
  readonly gamma?: number;
  /** Proportional gain λ_k ≥ 0 of k; default 0.001. */
  readonly lambdaK?: number;
  /** Initial k_0 ∈ [0, 1]; default 0. */
  readonly k0?: number;
}

const C = "objective 'began'";

/** Validates the options, naming the option, the value and what is allowed. */
export function checkOptions(options: unknown): Required<BeganObjectiveOptions> {
  const o = checkKeys(C, options, ['gamma', 'lambdaK', 'k0']);
  return {
    gamma: numberOption(C, o, 'gamma', 0.5, { above: 0, max: 1 }),
    lambdaK: numberOption(C, o, 'lambdaK', 0.001, { min: 0 }),
    k0: numberOption(C, o, 'k0', 0, { min: 0, max: 1 }),
  };
}

/** True for a number in [0, 1]. */
export function isK(k: unknown): k is number {
  return typeof k === 'number' && k >= 0 && k <= 1;
}
