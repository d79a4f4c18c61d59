import { DCGAN_INIT_STDDEV, DEFAULT_LATENT_DIM, DEFAULT_WIDTH, discriminatorPlan, LEAKY_SLOPE, layerSeed } from '@gantry/arch-dcgan';
import { checkKeys, deriveSeed, type Discriminator, intOption, layersDiscriminator, type LayersModelLike, stringOption } from '@gantry/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { SpectralNormConv2D, SpectralNormDense } from './layers.js';
import { resolveImageShape, resolveSeed, type SnEnvironment } from './options.js';

/** Options of {@link snDcganDiscriminator} (plain JSON, as in configs). */
export interface SnDcganDiscriminatorOptions {
  /** Image side: 28, 32 or 64. Default: from the data's `sampleShape`. */
  readonly size?: 28 | 32 | 64;
  /** 1 (grey) or 3 (RGB). Default: from the data's `sampleShape`. */
  readonly channels?: 1 | 3;
  /** Filters of the first convolution; default 64, doubling at each stage. */
  readonly width?: number;
  /** Power iterations per forward pass; default 1. */
  readonly powerIterations?: number;
  /** Network name (checkpoint key); default `'discriminator'`. */
  readonly name?: string;
}

/** Options of {@link snCnnDiscriminator}. */
export interface SnCnnDiscriminatorOptions extends SnDcganDiscriminatorOptions {}

const KEYS = ['size', 'channels', 'width', 'powerIterations', 'name'] as const;

/** Negative slope of the SN-GAN standard CNN's LeakyReLU (Miyato et al. 2018, Table 3). */
export const SN_CNN_LEAKY_SLOPE = 0.1;

/**
 * The DCGAN discriminator (`@gantry/arch-dcgan`'s plan with `batchNorm: false`) with
 * spectral normalization (Miyato et al. 2018, https://arxiv.org/abs/1802.05957) on
 * every convolution and on the dense output:
 *
 * D(x) = Dense_SN(Flatten(LReLU(Conv_SN,ₙ(… LReLU(Conv_SN,₁(x)) …)))),  LReLU(a) = max(a, 0.2a)
 *
 * 4×4 stride-2 convolutions, filters width·2ᵏ, no batch norm (SN replaces it and
 * keeps per-sample gradients meaningful), logits out. Kernels N(0, 0.02²) seeded
 * as in arch-dcgan; each u starts from `deriveSeed(seed, layerIndex, 'u')`.
 * The network's `variables` include the u vectors (checkpointed), its
 * `trainableVariables` do not.
 */
export function snDcganDiscriminator(options: SnDcganDiscriminatorOptions = {}, env: SnEnvironment = {}): Discriminator {
  const component = "discriminator 'sn-dcgan'";
  const o = checkKeys(component, options, KEYS);
  const { size, channels } = resolveImageShape(component, o, env);
  const width = intOption(component, o, 'width', DEFAULT_WIDTH, { min: 1 });
  const powerIterations = intOption(component, o, 'powerIterations', 1, { min: 1 });
  const name = stringOption(component, o, 'name', 'discriminator');
  const seed = resolveSeed(component, env);
  const plan = discriminatorPlan({ size, channels, width, latentDim: DEFAULT_LATENT_DIM, batchNorm: false });
  const inputShape = [size, size, channels];
  const layers = plan.map((layer, i): tfl.layers.Layer => {
    const first = i === 0 ? { inputShape } : {};
    const init = {
      kernelInitializer: tfl.initializers.randomNormal({ mean: 0, stddev: DCGAN_INIT_STDDEV, seed: layerSeed(seed, i) }),
      biasInitializer: 'zeros' as const,
      powerIterations,
      uSeed: deriveSeed(seed, i, 'u') || 1,
    };
    switch (layer.type) {
      case 'conv':
        return new SpectralNormConv2D({
          ...first,
          ...init,
          filters: layer.output[2],
          kernelSize: layer.kernel,
          strides: layer.strides,
          padding: 'same',
          useBias: layer.bias,
        });
      case 'dense':
        return new SpectralNormDense({ ...first, ...init, units: layer.units, useBias: layer.bias });
      case 'leakyRelu':
        return tfl.layers.leakyReLU({ ...first, alpha: LEAKY_SLOPE });
      case 'flatten':
        return tfl.layers.flatten(first);
      default:
        throw new Error(`${component}: unexpected layer '${layer.type}' in the DCGAN plan without batch norm.`);
    }
  });
  const model = tfl.sequential({ name, layers }) as unknown as LayersModelLike;
  return layersDiscriminator({ name, model, inputShape });
}

/**
 * The "standard CNN" discriminator of SN-GAN (Miyato et al. 2018,
 * https://arxiv.org/abs/1802.05957, Table 3(b)), every layer spectrally normalised,
 * LeakyReLU slope 0.1, no batch norm:
 *
 * conv3×3 s1 (w) → conv4×4 s2 (w) → conv3×3 s1 (2w) → conv4×4 s2 (2w) →
 * conv3×3 s1 (4w) → conv4×4 s2 (4w) → conv3×3 s1 (8w) → Dense(1),
 *
 * with w = `width` (default 64, the paper's) and 'same' padding: 32 → 16 → 8 → 4
 * (28 → 14 → 7 → 4, 64 → … → 8). Kernels N(0, 0.02²) seeded per layer.
 */
export function snCnnDiscriminator(options: SnCnnDiscriminatorOptions = {}, env: SnEnvironment = {}): Discriminator {
  const component = "discriminator 'sn-cnn'";
  const o = checkKeys(component, options, KEYS);
  const { size, channels } = resolveImageShape(component, o, env);
  const width = intOption(component, o, 'width', DEFAULT_WIDTH, { min: 1 });
  const powerIterations = intOption(component, o, 'powerIterations', 1, { min: 1 });
  const name = stringOption(component, o, 'name', 'discriminator');
  const seed = resolveSeed(component, env);
  const inputShape = [size, size, channels];
  const convs: Array<[kernel: number, strides: number, filters: number]> = [
    [3, 1, width],
    [4, 2, width],
    [3, 1, 2 * width],
    [4, 2, 2 * width],
    [3, 1, 4 * width],
    [4, 2, 4 * width],
    [3, 1, 8 * width],
  ];
  const snArgs = (i: number) => ({
    kernelInitializer: tfl.initializers.randomNormal({ mean: 0, stddev: DCGAN_INIT_STDDEV, seed: layerSeed(seed, i) }),
    biasInitializer: 'zeros' as const,
    powerIterations,
    uSeed: deriveSeed(seed, i, 'u') || 1,
  });
  const layers: tfl.layers.Layer[] = [];
  convs.forEach(([kernelSize, strides, filters], i) => {
    layers.push(
      new SpectralNormConv2D({
        ...(i === 0 ? { inputShape } : {}),
        ...snArgs(i),
        filters,
        kernelSize,
        strides,
        padding: 'same',
      }),
    );
    layers.push(tfl.layers.leakyReLU({ alpha: SN_CNN_LEAKY_SLOPE }));
  });
  layers.push(tfl.layers.flatten());
  layers.push(new SpectralNormDense({ ...snArgs(convs.length), units: 1 }));
  const model = tfl.sequential({ name, layers }) as unknown as LayersModelLike;
  return layersDiscriminator({ name, model, inputShape });
}
