import type { Network } from './network.js';

/**
 * A projection applied to a network's weights right after each update of that
 * network, e.g. WGAN's weight clipping w ← clip(w, −c, c).
 */
export interface WeightConstraint {
  /** Stable id. */
  readonly id: string;
  /** Roles or model names it applies to (e.g. `['discriminator']`). */
  readonly targets: readonly string[];
  /** Projects the weights in place. */
  apply(network: Network): void;
}
