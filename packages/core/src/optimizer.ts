import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from './errors.js';

/** A named array, the unit of saved state. */
export interface SavedArray {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'int32';
  readonly data: Float32Array | Int32Array;
}

/**
 * A first-order optimizer with explicit state (as in optax): `update` applies one
 * step to the variables given their gradients, `getState`/`setState` save and
 * restore everything the next update depends on, so a resumed run continues
 * bit for bit. Ours rather than tfjs's because tfjs's Adam rebuilds β^t with `pow`
 * on restore, which differs in the last bits from the running product.
 */
export interface Optimizer {
  readonly spec: OptimizerSpec;
  update(variables: readonly tf.Variable[], gradients: readonly (tf.Tensor | undefined)[]): void;
  getState(): SavedArray[];
  setState(state: readonly SavedArray[]): void;
  dispose(): void;
}

/** Plain-data description of an optimizer. */
export type OptimizerSpec =
  | { readonly name: 'adam'; readonly learningRate: number; readonly beta1?: number; readonly beta2?: number; readonly epsilon?: number }
  | { readonly name: 'rmsprop'; readonly learningRate: number; readonly decay?: number; readonly epsilon?: number }
  | { readonly name: 'sgd'; readonly learningRate: number };

/** Builds an optimizer from its spec; unknown names and bad rates are named in the error. */
export function createOptimizer(spec: OptimizerSpec): Optimizer {
  if (!(typeof spec.learningRate === 'number' && spec.learningRate > 0 && Number.isFinite(spec.learningRate))) {
    throw new ConfigError(`Optimizer learningRate must be a positive number, got ${String(spec.learningRate)}.`);
  }
  switch (spec.name) {
    case 'adam':
      return new Adam(spec);
    case 'rmsprop':
      return new RMSProp(spec);
    case 'sgd':
      return new SGD(spec);
    default:
      throw new ConfigError(
        `Unknown optimizer '${(spec as { name: string }).name}'. Known optimizers: adam, rmsprop, sgd.`,
      );
  }
}

/** Per-variable slot tensors (moments), created lazily to match the variables' shapes. */
abstract class SlotOptimizer implements Optimizer {
  protected slots: tf.Variable[][] = [];
  protected iterations = 0;

  constructor(
    readonly spec: OptimizerSpec,
    private readonly slotNames: readonly string[],
  ) {}

  update(variables: readonly tf.Variable[], gradients: readonly (tf.Tensor | undefined)[]): void {
    tf.tidy(() => {
      this.iterations += 1;
      variables.forEach((v, i) => {
        const g = gradients[i];
        if (!g) return;
        this.slots[i] ??= this.slotNames.map(() => tf.variable(tf.zerosLike(v), false));
        this.step(v, g, this.slots[i]);
      });
    });
  }

  protected abstract step(variable: tf.Variable, gradient: tf.Tensor, slots: tf.Variable[]): void;

  getState(): SavedArray[] {
    const out: SavedArray[] = [
      { name: 'iterations', shape: [], dtype: 'int32', data: Int32Array.of(this.iterations) },
    ];
    this.slots.forEach((slots, i) =>
      slots.forEach((s, k) =>
        out.push({ name: `${i}/${this.slotNames[k]}`, shape: s.shape, dtype: 'float32', data: s.dataSync() as Float32Array }),
      ),
    );
    return out;
  }

  setState(state: readonly SavedArray[]): void {
    this.dispose();
    for (const entry of state) {
      if (entry.name === 'iterations') {
        this.iterations = entry.data[0];
        continue;
      }
      const [index, slot] = entry.name.split('/');
      const k = this.slotNames.indexOf(slot);
      if (k < 0) throw new ConfigError(`Optimizer state has an unknown slot '${entry.name}'.`);
      (this.slots[Number(index)] ??= [])[k] = tf.variable(tf.tensor(entry.data, [...entry.shape], 'float32'), false);
    }
  }

  dispose(): void {
    for (const slots of this.slots) for (const s of slots ?? []) s?.dispose();
    this.slots = [];
  }
}

/**
 * Adam (Kingma & Ba 2015, arXiv:1412.6980): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
 * w ← w − η·m̂/(√v̂ + ε) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
 * Defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-7 (GAN presets use β₁ = 0.5).
 */
export class Adam extends SlotOptimizer {
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  constructor(spec: Extract<OptimizerSpec, { name: 'adam' }>) {
    super(spec, ['m', 'v']);
    this.beta1 = spec.beta1 ?? 0.9;
    this.beta2 = spec.beta2 ?? 0.999;
    this.epsilon = spec.epsilon ?? 1e-7;
    for (const [k, b] of [['beta1', this.beta1], ['beta2', this.beta2]] as const) {
      if (!(b >= 0 && b < 1)) throw new ConfigError(`Adam ${k} must be in [0, 1), got ${b}.`);
    }
  }

  protected step(w: tf.Variable, g: tf.Tensor, [m, v]: tf.Variable[]): void {
    const t = this.iterations;
    const m1 = tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1));
    const v1 = tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
    m.assign(m1);
    v.assign(v1);
    const mHat = tf.div(m1, 1 - this.beta1 ** t);
    const vHat = tf.div(v1, 1 - this.beta2 ** t);
    w.assign(tf.sub(w, tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), this.epsilon)), this.spec.learningRate)));
  }
}

/**
 * RMSProp (Tieleman & Hinton 2012), as used by the original WGAN:
 * s ← ρs + (1−ρ)g², w ← w − η·g/(√s + ε). Defaults ρ = 0.9, ε = 1e-7.
 */
export class RMSProp extends SlotOptimizer {
  constructor(spec: Extract<OptimizerSpec, { name: 'rmsprop' }>) {
    super(spec, ['s']);
  }

  protected step(w: tf.Variable, g: tf.Tensor, [s]: tf.Variable[]): void {
    const spec = this.spec as Extract<OptimizerSpec, { name: 'rmsprop' }>;
    const rho = spec.decay ?? 0.9;
    const s1 = tf.add(tf.mul(s, rho), tf.mul(tf.square(g), 1 - rho));
    s.assign(s1);
    w.assign(tf.sub(w, tf.mul(tf.div(g, tf.add(tf.sqrt(s1), spec.epsilon ?? 1e-7)), spec.learningRate)));
  }
}

/** Plain gradient descent: w ← w − η·g. */
export class SGD extends SlotOptimizer {
  constructor(spec: Extract<OptimizerSpec, { name: 'sgd' }>) {
    super(spec, []);
  }

  protected step(w: tf.Variable, g: tf.Tensor): void {
    w.assign(tf.sub(w, tf.mul(g, this.spec.learningRate)));
  }
}
