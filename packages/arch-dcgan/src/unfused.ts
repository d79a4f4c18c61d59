/**
 * Conv2D and Dense layers that run plain `tf.conv2d` / `tf.matMul` + `tf.add` instead of
 * tfjs' fused ops. Internal to this package (not exported from the index).
 *
 * Why: tfjs-layers' `Conv2D` and `Dense` always call `tf.fused.conv2d` / `tf.fused.matMul`,
 * even with no activation (tfjs fuses `'linear'` under a gradient tape too). Their
 * gradients are `customGrad` functions, which compute the gradient of EVERY input as soon
 * as any is needed. In a GAN step most of those are thrown away: D's filter gradients in
 * the G update, D's gradient w.r.t. the real images, G's gradient w.r.t. z — ≈ 55 ms of a
 * ~0.95 s DCGAN-28 step on wasm. The plain ops' gradients come from tfjs' gradient registry,
 * where each input's gradient is a separate thunk that the tape evaluates only if that input
 * lies on a path to a requested variable. Same math, same weights, same kernels
 * (`Conv2D`, `Conv2DBackpropInput`/`Filter`, `BatchMatMul`, `Add` — on wasm the
 * backprop kernels are Gantry's), less work.
 *
 * Only what DCGAN uses is supported: channels-last, `same` padding, square kernels and
 * strides, no dilation, no activation (DCGAN applies BN and activations as their own
 * layers), kernel N(0, 0.02²) seeded by `kernelSeed` ({@link dcganKernelInit}), bias 0.
 * Weights are created in the stock layers' order (kernel, then bias) with the same names,
 * shapes and initialiser calls, so a seed gives exactly the weights the stock layers gave.
 * (`Conv2DTranspose` needs no replacement: tfjs-layers already runs it as plain
 * `tf.conv2dTranspose` + bias add.)
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { dcganKernelInit } from './init.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];
type Shape = tfl.Shape;
type LayerVariable = tfl.LayerVariable;
type ConfigDict = tf.serialization.ConfigDict;

/** Arguments of {@link UnfusedConv2D} (JSON: also its serialised config). */
export interface UnfusedConv2DArgs extends LayerArgs {
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides: number;
  readonly useBias: boolean;
  /** Seed of the kernel's N(0, 0.02²) initialiser. */
  readonly kernelSeed: number;
}

/** Arguments of {@link UnfusedDense} (JSON: also its serialised config). */
export interface UnfusedDenseArgs extends LayerArgs {
  readonly units: number;
  readonly useBias: boolean;
  /** Seed of the kernel's N(0, 0.02²) initialiser. */
  readonly kernelSeed: number;
}

function oneTensor(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  if (Array.isArray(inputs)) {
    if (inputs.length !== 1) throw new Error(`Expected exactly one input tensor, got ${inputs.length}.`);
    return inputs[0];
  }
  return inputs;
}

function oneShape(shape: Shape | Shape[]): Shape {
  // A single shape is an array of numbers/nulls; a list of shapes is an array of arrays.
  if (Array.isArray(shape[0])) {
    const shapes = shape as Shape[];
    if (shapes.length !== 1) throw new Error(`Expected exactly one input shape, got ${shapes.length}.`);
    return shapes[0];
  }
  return shape as Shape;
}

/**
 * y = conv2d(x, W, stride s, 'same') + b, computed with `tf.conv2d` and `tf.add` so
 * each of ∂x, ∂W, ∂b is computed only when needed. W: [k, k, C_in, filters].
 */
export class UnfusedConv2D extends tfl.layers.Layer {
  /** Serialisation name (registered below). */
  static readonly className = 'GantryDcganUnfusedConv2D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides: number;
  readonly useBias: boolean;
  readonly kernelSeed: number;
  private kernel: LayerVariable | null = null;
  private bias: LayerVariable | null = null;

  constructor(args: UnfusedConv2DArgs) {
    super(args);
    this.filters = args.filters;
    this.kernelSize = args.kernelSize;
    this.strides = args.strides;
    this.useBias = args.useBias;
    this.kernelSeed = args.kernelSeed;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = oneShape(inputShape);
    const inputDim = shape[shape.length - 1];
    if (shape.length !== 4 || inputDim == null) {
      throw new Error(`${UnfusedConv2D.className} expects a [batch, h, w, c] input with known c, got [${shape}].`);
    }
    const k = this.kernelSize;
    this.kernel = this.addWeight('kernel', [k, k, inputDim, this.filters], 'float32', dcganKernelInit(this.kernelSeed), undefined, true);
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], 'float32', tfl.initializers.zeros(), undefined, true);
    this.inputSpec = [new tfl.InputSpec({ ndim: 4, axes: { [-1]: inputDim } })];
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [n, h, w] = oneShape(inputShape);
    // 'same' padding: ⌈side / stride⌉.
    const side = (s: number | null) => (s == null ? null : Math.ceil(s / this.strides));
    return [n, side(h), side(w), this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = oneTensor(inputs) as tf.Tensor4D;
      const y = tf.conv2d(x, this.kernel!.read() as tf.Tensor4D, this.strides, 'same');
      return this.bias ? tf.add(y, this.bias.read()) : y;
    });
  }

  override getConfig(): ConfigDict {
    const { filters, kernelSize, strides, useBias, kernelSeed } = this;
    return { ...super.getConfig(), filters, kernelSize, strides, useBias, kernelSeed };
  }
}

/**
 * y = x·W + b for x: [batch, in], computed with `tf.matMul` and `tf.add` so each of
 * ∂x, ∂W, ∂b is computed only when needed. W: [in, units].
 */
export class UnfusedDense extends tfl.layers.Layer {
  /** Serialisation name (registered below). */
  static readonly className = 'GantryDcganUnfusedDense';
  readonly units: number;
  readonly useBias: boolean;
  readonly kernelSeed: number;
  private kernel: LayerVariable | null = null;
  private bias: LayerVariable | null = null;

  constructor(args: UnfusedDenseArgs) {
    super(args);
    this.units = args.units;
    this.useBias = args.useBias;
    this.kernelSeed = args.kernelSeed;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = oneShape(inputShape);
    const inputDim = shape[shape.length - 1];
    if (shape.length !== 2 || inputDim == null) {
      throw new Error(`${UnfusedDense.className} expects a [batch, features] input with known features, got [${shape}].`);
    }
    this.kernel = this.addWeight('kernel', [inputDim, this.units], 'float32', dcganKernelInit(this.kernelSeed), undefined, true);
    if (this.useBias) this.bias = this.addWeight('bias', [this.units], 'float32', tfl.initializers.zeros(), undefined, true);
    this.inputSpec = [new tfl.InputSpec({ ndim: 2, axes: { [-1]: inputDim } })];
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = oneShape(inputShape);
    return [...shape.slice(0, -1), this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const y = tf.matMul(oneTensor(inputs) as tf.Tensor2D, this.kernel!.read() as tf.Tensor2D);
      return this.bias ? tf.add(y, this.bias.read()) : y;
    });
  }

  override getConfig(): ConfigDict {
    const { units, useBias, kernelSeed } = this;
    return { ...super.getConfig(), units, useBias, kernelSeed };
  }
}

// So that models holding these layers can be saved and loaded with tfjs-layers' own
// `toJSON` / `loadLayersModel` (Gantry's checkpoints store the variables, not the model).
tf.serialization.registerClass(UnfusedConv2D, 'gantry');
tf.serialization.registerClass(UnfusedDense, 'gantry');
