import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, show, type AdversarialContext, type DiscriminatorOutput, type Json, type Objective, type Stateful } from '@gantry/core';
import { beganDiscriminatorLoss, beganGeneratorLoss, reconstructionLoss, updateK } from './functional.js';
import { checkOptions, isK, type BeganObjectiveOptions } from './options.js';

/** Keys under which the objective logs, once per step (in the discriminator phase). */
export const BEGAN_LOG_KEYS = {
  /** L(x) = mean |x − D(x)| on the real batch. */
  real: 'began/L_real',
  /** L(G(z)) = mean |G(z) − D(G(z))| on the fake batch. */
  fake: 'began/L_fake',
  /** The k_t used in this step's L_D (before the update). */
  k: 'began/k',
} as const;

/**
 * The BEGAN objective (Berthelot et al. 2017, https://arxiv.org/abs/1703.10717 eq. 4),
 * for an auto-encoder discriminator whose output carries `reconstruction` = D(v):
 *
 * L(v) = |v − D(v)|  (mean per-sample L1, η = 1)
 * L_D = L(x) − k_t·L(G(z)),   L_G = L(G(z)),
 * k_{t+1} = clip(k_t + λ_k·(γ·L(x) − L(G(z))), 0, 1),   k_0 = 0, λ_k = 0.001, γ = 0.5.
 *
 * k_t is state: in the discriminator phase L(x) and L(G(z)) are logged
 * (`began/L_real`, `began/L_fake`, with the k_t used under `began/k`), and
 * {@link afterStep} applies the update from those values — the losses of the step's
 * pre-update D, as in the paper's reference implementation. `getState`/`setState`
 * save k in checkpoints, so a resumed run continues the control loop exactly.
 */
export class BeganObjective implements Objective, Stateful {
  static readonly id = '@gantry/loss-began>Began';
  readonly id = BeganObjective.id;
  readonly requiresDiscriminator = true;
  /** Diversity ratio γ. */
  readonly gamma: number;
  /** Proportional gain λ_k. */
  readonly lambdaK: number;
  private kValue: number;

  /** @param options `gamma` ∈ (0, 1] (0.5), `lambdaK` ≥ 0 (0.001), `k0` ∈ [0, 1] (0). */
  constructor(options: BeganObjectiveOptions = {}) {
    const o = checkOptions(options);
    this.gamma = o.gamma;
    this.lambdaK = o.lambdaK;
    this.kValue = o.k0;
  }

  /** The current k_t. */
  get k(): number {
    return this.kValue;
  }

  /** L_D = L(x) − k_t·L(G(z)); logs L(x), L(G(z)) and k_t. */
  discriminatorLoss(ctx: AdversarialContext): tf.Scalar {
    const lossReal = reconstructionLoss(ctx.real, reconstructionOf(ctx.dReal));
    const lossFake = reconstructionLoss(ctx.fake, reconstructionOf(ctx.dFake));
    ctx.log(BEGAN_LOG_KEYS.real, lossReal);
    ctx.log(BEGAN_LOG_KEYS.fake, lossFake);
    ctx.log(BEGAN_LOG_KEYS.k, tf.scalar(this.kValue));
    return beganDiscriminatorLoss(lossReal, lossFake, this.kValue);
  }

  /** L_G = L(G(z)). */
  generatorLoss(ctx: AdversarialContext): tf.Scalar {
    return beganGeneratorLoss(reconstructionLoss(ctx.fake, reconstructionOf(ctx.dFake)));
  }

  /** k ← clip(k + λ_k(γ·L(x) − L(G(z))), 0, 1) from this step's logged losses; no-op if they are missing or not finite. */
  afterStep(logs: Readonly<Record<string, number>>): void {
    const lossReal = logs[BEGAN_LOG_KEYS.real];
    const lossFake = logs[BEGAN_LOG_KEYS.fake];
    if (!Number.isFinite(lossReal) || !Number.isFinite(lossFake)) return;
    this.kValue = updateK(this.kValue, lossReal, lossFake, { gamma: this.gamma, lambdaK: this.lambdaK });
  }

  getState(): Json {
    return { k: this.kValue };
  }

  setState(state: Json): void {
    const k = state !== null && typeof state === 'object' && !Array.isArray(state) ? state.k : undefined;
    if (!isK(k)) throw new ConfigError(`BEGAN objective state must be { k: number in [0, 1] }, got ${show(state)}.`);
    this.kValue = k;
  }
}

function reconstructionOf(out: DiscriminatorOutput): tf.Tensor {
  if (!out.reconstruction) {
    throw new ConfigError(
      "Objective 'began' needs an auto-encoder discriminator that returns `reconstruction` = D(x) " +
        "(e.g. discriminator 'began' from @gantry/arch-began); this discriminator returns only " +
        `${Object.keys(out).join(', ')}.`,
    );
  }
  return out.reconstruction;
}
