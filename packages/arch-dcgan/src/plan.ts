/**
 * DCGAN architectures as plain data: a list of layers with their shapes. The
 * model builder and the cost (MAC) counter both read this plan, so what is
 * counted is exactly what is built.
 */

/** Image sizes (height = width) DCGAN is built for. */
export const DCGAN_SIZES = [28, 32, 64] as const;
/** Channel counts DCGAN is built for (grey or RGB). */
export const DCGAN_CHANNELS = [1, 3] as const;

/** A supported image side. */
export type DcganSize = (typeof DCGAN_SIZES)[number];
/** A supported channel count. */
export type DcganChannels = (typeof DCGAN_CHANNELS)[number];

/** The shape-defining choices of a DCGAN pair. */
export interface DcganShape {
  readonly size: DcganSize;
  readonly channels: DcganChannels;
  /** Length of z. */
  readonly latentDim: number;
  /** Base number of filters (the paper's ngf/ndf, 64). */
  readonly width: number;
  /** Batch normalisation in the hidden layers. */
  readonly batchNorm: boolean;
}

/** One layer of a plan. `[h, w, c]` shapes exclude the batch axis. */
export type LayerPlan =
  | { readonly type: 'dense'; readonly inputUnits: number; readonly units: number; readonly bias: boolean }
  | {
      readonly type: 'conv' | 'convTranspose';
      readonly input: readonly [number, number, number];
      readonly output: readonly [number, number, number];
      readonly kernel: number;
      readonly strides: number;
      readonly bias: boolean;
    }
  | { readonly type: 'batchNorm'; readonly features: number }
  | { readonly type: 'relu' | 'leakyRelu' | 'tanh' }
  | { readonly type: 'reshape'; readonly shape: readonly [number, number, number] }
  | { readonly type: 'flatten' };

/** Kernel size of every (transposed) convolution: 4, as in the DCGAN reference code. */
export const KERNEL = 4;
/** Negative slope of D's LeakyReLU (Radford et al. 2016, §3). */
export const LEAKY_SLOPE = 0.2;

/**
 * The spatial side the generator starts from and the number of stride-2 stages:
 * 28 = 7·2², 32 = 4·2³, 64 = 4·2⁴.
 */
export function stages(size: DcganSize): { start: number; count: number } {
  const start = size === 28 ? 7 : 4;
  return { start, count: Math.round(Math.log2(size / start)) };
}

/**
 * Filters of G at stage k (k = 0 is the start map): `top / 2^k` with
 * top = width·4 for 28×28 (two stages: 256 → 128 at width 64, the DCGAN-28
 * benchmark model) and width·8 for 32/64 (512 → 256 → … as in the paper's Fig. 1).
 */
export function generatorFilters(shape: DcganShape): number[] {
  const { count } = stages(shape.size);
  const top = shape.width * 2 ** Math.min(count, 3);
  return Array.from({ length: count }, (_, k) => top / 2 ** k);
}

/**
 * G: Dense(z → start²·top) [+BN] + ReLU → reshape → (ConvT k4 s2 same [+BN] + ReLU)×(n−1)
 * → ConvT(channels, k4 s2 same, with bias) + tanh. Layers followed by batch norm have
 * no bias (BN's β makes it redundant).
 */
export function generatorPlan(shape: DcganShape): LayerPlan[] {
  const { start, count } = stages(shape.size);
  const filters = generatorFilters(shape);
  const bn = shape.batchNorm;
  const plan: LayerPlan[] = [];
  const top = filters[0];
  plan.push({ type: 'dense', inputUnits: shape.latentDim, units: start * start * top, bias: !bn });
  if (bn) plan.push({ type: 'batchNorm', features: start * start * top });
  plan.push({ type: 'relu' });
  plan.push({ type: 'reshape', shape: [start, start, top] });
  let side = start;
  for (let k = 1; k <= count; k++) {
    const last = k === count;
    const out = last ? shape.channels : filters[k];
    plan.push({
      type: 'convTranspose',
      input: [side, side, filters[k - 1]],
      output: [side * 2, side * 2, out],
      kernel: KERNEL,
      strides: 2,
      bias: last || !bn,
    });
    side *= 2;
    if (last) {
      plan.push({ type: 'tanh' });
    } else {
      if (bn) plan.push({ type: 'batchNorm', features: out });
      plan.push({ type: 'relu' });
    }
  }
  return plan;
}

/** Filters of D's convolutions: width·2^k, the mirror of G (64, 128 for DCGAN-28). */
export function discriminatorFilters(shape: DcganShape): number[] {
  const { count } = stages(shape.size);
  return Array.from({ length: count }, (_, k) => shape.width * 2 ** k);
}

/**
 * D: Conv(k4 s2 same) + LeakyReLU(0.2) → (Conv k4 s2 same [+BN] + LeakyReLU(0.2))×(n−1)
 * → Flatten → Dense(1). No batch norm on the first layer (Radford et al. 2016, §3);
 * no sigmoid: D returns logits, and the objective chooses the link.
 */
export function discriminatorPlan(shape: DcganShape): LayerPlan[] {
  const filters = discriminatorFilters(shape);
  const bn = shape.batchNorm;
  const plan: LayerPlan[] = [];
  let input: [number, number, number] = [shape.size, shape.size, shape.channels];
  filters.forEach((f, k) => {
    const side = input[0] / 2;
    const normed = bn && k > 0;
    const output: [number, number, number] = [side, side, f];
    plan.push({ type: 'conv', input, output, kernel: KERNEL, strides: 2, bias: !normed });
    if (normed) plan.push({ type: 'batchNorm', features: f });
    plan.push({ type: 'leakyRelu' });
    input = output;
  });
  plan.push({ type: 'flatten' });
  plan.push({ type: 'dense', inputUnits: input[0] * input[1] * input[2], units: 1, bias: true });
  return plan;
}

/**
 * Forward multiply-accumulates of one layer for one sample:
 * Dense in·out; Conv2D H_out·W_out·k²·C_in·C_out; Conv2DTranspose
 * H_in·W_in·k²·C_in·C_out (every input pixel scatters a k×k×C_out patch). Bias adds,
 * batch norm and activations are O(activations) and not counted (< 1 % here).
 * Padding positions are counted, as is conventional.
 */
export function layerMacs(layer: LayerPlan): number {
  switch (layer.type) {
    case 'dense':
      return layer.inputUnits * layer.units;
    case 'conv':
      return layer.output[0] * layer.output[1] * layer.kernel ** 2 * layer.input[2] * layer.output[2];
    case 'convTranspose':
      return layer.input[0] * layer.input[1] * layer.kernel ** 2 * layer.input[2] * layer.output[2];
    default:
      return 0;
  }
}

/** Sum of {@link layerMacs} over a plan. */
export function planMacs(plan: readonly LayerPlan[]): number {
  return plan.reduce((sum, layer) => sum + layerMacs(layer), 0);
}
