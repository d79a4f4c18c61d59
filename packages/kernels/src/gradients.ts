import {
  FusedBatchNorm, LeakyRelu, Mean, Sum, add, backend_util, broadcastTo, clone, div, getGradient, mul, neg, ones, registerGradient, reshape,
  rsqrt, square, step, sub, sum, unregisterGradient, util,
} from '@tensorflow/tfjs-core';
import type { FusedBatchNormAttrs, GradConfig, LeakyReluAttrs, MeanAttrs, NamedAttrMap, SumAttrs, Tensor } from '@tensorflow/tfjs-core';

/**
 * Gradient of `LeakyRelu` as one step function and one multiply:
 *
 *   ∂ leakyRelu(x) / ∂x = 1 if x > 0 else α,   so   dx = dy · step_α(x),   step_α(x) = x > 0 ? 1 : α
 *
 * — the same values as tfjs' own `where(x > 0, dy, α·dy)`. Why: on wasm
 * `Greater` and `Select` are scalar loops (≈6 + 6 ms per 1.6 M elements)
 * while `Step` and `Multiply` are vectorised (≈0.6 ms each); a DCGAN
 * discriminator runs this gradient 6 times per step. The gradient registry is
 * global (all backends), which is harmless as the result is identical.
 */
export const leakyReluGradConfig: GradConfig = {
  kernelName: LeakyRelu,
  inputsToSave: ['x'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x] = saved;
    const { alpha } = attrs as unknown as LeakyReluAttrs;
    return { x: () => mul(dy as Tensor, step(x, alpha)) };
  },
};

/**
 * Gradient of `FusedBatchNorm` (`y = (x − μ)·γ·r + β`, `r = 1/√(σ² + ε)`;
 * Ioffe & Szegedy 2015, arXiv:1502.03167) with every per-element product
 * reduced to per-channel factors. With `S₁ = Σ dy` and `S₂ = Σ dy·(x − μ)`
 * over the reduced (broadcast) axes and `g = γ·r`:
 *
 *   ∂/∂x = dy·g      ∂/∂μ = −g·S₁      ∂/∂σ² = −½·g·r²·S₂      ∂/∂γ = r·S₂      ∂/∂β = S₁
 *
 * — the same values as tfjs' own gradient, which materialises `Tile`d
 * factors and ~9 full-size products; this one needs 3 full-size element-wise
 * passes (x − μ, dy·(x − μ), dy·g) and 2 reductions. `S₁`, `S₂` are computed
 * once, eagerly (both are needed whenever `x` is trained through
 * `tf.moments`, the BatchNormalization-layer case). `γ` absent means 1.
 */
export const fusedBatchNormGradConfig: GradConfig = {
  kernelName: FusedBatchNorm,
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const d = dy as Tensor;
    const [x, mean, variance, scale] = saved;
    const { varianceEpsilon } = attrs as unknown as FusedBatchNormAttrs;
    const axes = backend_util.getReductionAxes(mean.shape, x.shape);
    const r = rsqrt(add(variance, varianceEpsilon));
    const g = scale == null ? r : mul(r, scale);
    const s1 = reshape(sum(d, axes), mean.shape);
    const s2 = reshape(sum(mul(d, sub(x, mean)), axes), mean.shape);
    return {
      x: () => mul(d, g),
      mean: () => neg(mul(g, s1)),
      variance: () => mul(mul(g, square(r)), mul(s2, -0.5)),
      scale: () => mul(r, s2),
      offset: () => clone(s1), // a fresh tensor: s1 is shared with ∂/∂μ
    };
  },
};

/**
 * `expanded` broadcast to `shape`: one `Tile` up to rank 4; above, tfjs' own product with
 * `ones` (tfjs' `Tile` gradient, needed when this gradient is differentiated again, exists
 * only up to rank 4).
 */
function broadcastGrad(expanded: Tensor, shape: number[]): Tensor {
  return shape.length <= 4 ? broadcastTo(expanded, shape) : mul(expanded, ones(shape, 'float32'));
}

/** `dy` reshaped to `x`'s rank with 1 on the reduced axes, and the number of reduced elements. */
function expandReduced(dy: Tensor, xShape: number[], axis: number | number[]): { expanded: Tensor; count: number } {
  const axes = util.parseAxisParam(axis, xShape);
  const shape = xShape.slice();
  let count = 1;
  for (const a of axes) { count *= shape[a]; shape[a] = 1; }
  return { expanded: reshape(dy, shape), count };
}

/**
 * Gradient of `Mean` over `axes` (m reduced elements) as a broadcast of the
 * small upstream gradient:
 *
 *   ∂/∂x mean(x)·dy = broadcastTo(dy / m, x.shape)
 *
 * — the same values as tfjs' own `(dy · ones(x.shape)) / m` (`dy·1` is exact,
 * then the same float32 division). Why: tfjs builds a full-size `ones` tensor
 * in JavaScript and copies it into the backend (5.7 ms for 1.6 M values on
 * wasm), then runs two full-size kernels; here the division is on the small
 * tensor and the broadcast is one `Tile` (a block copy with Gantry's wasm
 * `Tile`; also ~2–4× faster on cpu). BatchNorm's `tf.moments` takes two means
 * per layer, so a DCGAN step runs this gradient 10 times on batch-sized tensors.
 */
export const meanGradConfig: GradConfig = {
  kernelName: Mean,
  inputsToSave: ['x'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x] = saved;
    const { axis } = attrs as unknown as MeanAttrs;
    return {
      x: () => {
        const { expanded, count } = expandReduced(dy as Tensor, x.shape, axis);
        return broadcastGrad(div(expanded, count), x.shape);
      },
    };
  },
};

/**
 * Gradient of `Sum` over `axes`: `∂/∂x sum(x)·dy = broadcastTo(dy, x.shape)`,
 * the same values as tfjs' `dy · ones(x.shape)` without materialising `ones`
 * (see {@link meanGradConfig} for why).
 */
export const sumGradConfig: GradConfig = {
  kernelName: Sum,
  inputsToSave: ['x'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x] = saved;
    const { axis } = attrs as unknown as SumAttrs;
    return { x: () => broadcastGrad(expandReduced(dy as Tensor, x.shape, axis).expanded, x.shape) };
  },
};

/** Gradients displaced by {@link installGradient}, keyed by kernel name (`null`: there was none). */
const displacedGradients = new Map<string, GradConfig | null>();

/** Register `config` as the gradient of its kernel, remembering the one it replaces. Idempotent. */
export function installGradient(config: GradConfig): void {
  const current = getGradient(config.kernelName);
  if (current === config) return;
  if (!displacedGradients.has(config.kernelName)) displacedGradients.set(config.kernelName, current ?? null);
  registerGradient(config);
}

/** Undo {@link installGradient}: restore the displaced gradient (or none) if ours is registered. */
export function uninstallGradient(config: GradConfig): void {
  if (getGradient(config.kernelName) !== config) return;
  const original = displacedGradients.get(config.kernelName);
  displacedGradients.delete(config.kernelName);
  if (original != null) registerGradient(original);
  else unregisterGradient(config.kernelName);
}

/** True when `config` is the registered gradient of its kernel. */
export function isGradientInstalled(config: GradConfig): boolean {
  return getGradient(config.kernelName) === config;
}
