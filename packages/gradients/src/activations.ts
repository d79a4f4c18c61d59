import * as tf from '@tensorflow/tfjs-core';

/*
 * Why these exist: tfjs 4.22 saves a kernel's *output* for its gradient through an
 * `Identity` clone that the engine puts on the tape *before* the kernel's own node.
 * The tape filter walks forward from the inputs, so it never sees that clone as a
 * function of x and treats the saved output as a constant: the first-order gradient
 * is right, but differentiating it again silently drops every term through the saved
 * output (Tanh, Sigmoid, Exp, Elu, Softmax, LogSoftmax, Pow). Each definition below
 * saves only *inputs* and recomputes what it needs with ordinary, differentiable ops,
 * so the gradient is itself a differentiable graph of x (to any order).
 */

/** The single upstream gradient of a single-output kernel. */
function single(dy: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(dy) ? dy[0] : dy;
}

/** tanh′(x) = 1 − tanh²(x), recomputed from x. */
export const tanhGradient: tf.GradConfig = {
  kernelName: tf.Tanh,
  inputsToSave: ['x'],
  gradFunc: (dy, [x]) => ({ x: () => tf.mul(single(dy), tf.sub(1, tf.square(tf.tanh(x)))) }),
};

/** σ′(x) = σ(x)(1 − σ(x)), recomputed from x. */
export const sigmoidGradient: tf.GradConfig = {
  kernelName: tf.Sigmoid,
  inputsToSave: ['x'],
  gradFunc: (dy, [x]) => ({
    x: () => {
      const s = tf.sigmoid(x);
      return tf.mul(single(dy), tf.mul(s, tf.sub(1, s)));
    },
  }),
};

/** exp′(x) = exp(x), recomputed from x. */
export const expGradient: tf.GradConfig = {
  kernelName: tf.Exp,
  inputsToSave: ['x'],
  gradFunc: (dy, [x]) => ({ x: () => tf.mul(single(dy), tf.exp(x)) }),
};

/**
 * elu′(x) = 1 for x > 0, eˣ for x ≤ 0 (tfjs's elu has α = 1), written as
 * s + (1 − s)·exp(min(x, 0)) with s = step(x): no `EluGrad` kernel (which has no
 * gradient), and exp of min(x, 0) ≤ 1 so a large x never makes Inf·0 = NaN downstream.
 */
export const eluGradient: tf.GradConfig = {
  kernelName: tf.Elu,
  inputsToSave: ['x'],
  gradFunc: (dy, [x]) => ({
    x: () => {
      const s = tf.step(x);
      return tf.mul(single(dy), tf.add(s, tf.mul(tf.sub(1, s), tf.exp(tf.minimum(x, 0)))));
    },
  }),
};

/**
 * Gradient of tfjs's `EluGrad` kernel, dx = dy·(y > 0 ? 1 : y + 1) with y = elu(x),
 * for graphs that still contain it (tfjs's own Elu gradient emits it):
 * ∂dx/∂dy = (y > 0 ? 1 : y + 1), ∂dx/∂y = dy·(y > 0 ? 0 : 1).
 */
export const eluGradGradient: tf.GradConfig = {
  kernelName: tf.EluGrad,
  inputsToSave: ['dy', 'y'],
  gradFunc: (ddx, [dy, y]) => {
    const g = single(ddx);
    const s = tf.step(y);
    return {
      dy: () => tf.mul(g, tf.add(s, tf.mul(tf.sub(1, s), tf.add(y, 1)))),
      y: () => tf.mul(g, tf.mul(dy, tf.sub(1, s))),
    };
  },
};

/**
 * leakyRelu′(x) = 1 for x > 0, α otherwise — exactly `step(x, α)`, whose own
 * gradient is 0. (tfjs builds it from `greater` + `where`; `Greater` has no
 * gradient in tfjs, so any second-order pass through leakyRelu threw.)
 */
export const leakyReluGradient: tf.GradConfig = {
  kernelName: tf.LeakyRelu,
  inputsToSave: ['x'],
  gradFunc: (dy, [x], attrs) => {
    const alpha = (attrs as unknown as tf.LeakyReluAttrs).alpha;
    return { x: () => tf.mul(single(dy), tf.step(x, alpha)) };
  },
};

/** relu′(x) = step(x) (1 for x > 0, else 0); step's gradient is 0, so relu″ = 0. */
export const reluGradient: tf.GradConfig = {
  kernelName: tf.Relu,
  inputsToSave: ['x'],
  gradFunc: (dy, [x]) => ({ x: () => tf.mul(single(dy), tf.step(x)) }),
};

/** softplus′(x) = σ(x); differentiable through {@link sigmoidGradient}. */
export const softplusGradient: tf.GradConfig = {
  kernelName: tf.Softplus,
  inputsToSave: ['x'],
  gradFunc: (dy, [x]) => ({ x: () => tf.mul(single(dy), tf.sigmoid(x)) }),
};

/** softmax: dx = y ⊙ (dy − Σ_last(dy ⊙ y)), y = softmax(x) recomputed from x. */
export const softmaxGradient: tf.GradConfig = {
  kernelName: tf.Softmax,
  inputsToSave: ['logits'],
  gradFunc: (dy, [logits], attrs) => ({
    logits: () => {
      const { dim } = attrs as unknown as tf.SoftmaxAttrs;
      const y = tf.softmax(logits, dim);
      const g = single(dy);
      return tf.mul(y, tf.sub(g, tf.sum(tf.mul(g, y), dim, true)));
    },
  }),
};

/**
 * `LogSoftmax` kernel: dx = dy − softmax(x)·Σ_axis dy, softmax recomputed from x.
 * Note: tfjs 4.22's `tf.logSoftmax` op does not run this kernel but a `customGrad`
 * that saves its output, so its second-order gradient stays wrong whatever is
 * registered here; for gradient penalties write log-softmax as `x − tf.logSumExp(x, -1, true)`.
 */
export const logSoftmaxGradient: tf.GradConfig = {
  kernelName: tf.LogSoftmax,
  inputsToSave: ['logits'],
  gradFunc: (dy, [logits], attrs) => ({
    logits: () => {
      const { axis } = attrs as unknown as tf.LogSoftmaxAttrs;
      const g = single(dy);
      return tf.sub(g, tf.mul(tf.sum(g, axis, true), tf.softmax(logits, axis)));
    },
  }),
};

/**
 * aᵇ: ∂/∂a = b·a^(b−1), ∂/∂b = aᵇ·ln a (a > 0, else 0), with aᵇ recomputed rather
 * than saved; broadcast axes are summed back to each input's shape.
 */
export const powGradient: tf.GradConfig = {
  kernelName: tf.Pow,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, [a, b]) => {
    const g = single(dy);
    const outShape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const reduceTo = (t: tf.Tensor, shape: number[]): tf.Tensor => {
      const axes = tf.broadcast_util.getReductionAxes(shape, outShape);
      return tf.reshape(axes.length > 0 ? tf.sum(t, axes) : t, shape);
    };
    return {
      a: () => {
        const bf = tf.cast(b, 'float32');
        return reduceTo(tf.mul(g, tf.mul(bf, tf.pow(a, tf.sub(bf, 1)))), a.shape);
      },
      b: () => {
        const positive = tf.greater(a, 0);
        // log of a safe base: where(a > 0, a, 1) keeps log finite, so no NaN leaks through where's gradient.
        const logA = tf.where(positive, tf.log(tf.where(positive, a, tf.onesLike(a))), tf.zerosLike(a));
        return reduceTo(tf.mul(g, tf.mul(tf.pow(a, b), logA)), b.shape);
      },
    };
  },
};

/** Every activation gradient of this module. */
export const activationGradients: readonly tf.GradConfig[] = [
  tanhGradient,
  sigmoidGradient,
  expGradient,
  eluGradient,
  eluGradGradient,
  leakyReluGradient,
  reluGradient,
  softplusGradient,
  softmaxGradient,
  logSoftmaxGradient,
  powGradient,
];
