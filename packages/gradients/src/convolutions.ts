import * as tf from '@tensorflow/tfjs-core';

/**
 * Gradient of `Conv2DBackpropFilter`, which tfjs 4.22 lacks. The filter gradient
 * dW[kh,kw,ci,co] = Σ_{n,y,x} x[n, y·sh+kh−pt, x·sw+kw−pl, ci] · dy[n,y,x,co]
 * is bilinear in (x, dy), so for an upstream ddW (shaped like the filter):
 *
 *   ∂/∂x  = Conv2DBackpropInput(dy, ddW)   (the input gradient of a conv with filter ddW)
 *   ∂/∂dy = Conv2D(x, ddW)                 (the forward conv with filter ddW)
 *
 * Needed whenever a weight gradient is differentiated again: the second-order path of
 * `conv2dTranspose` (whose forward kernel is Conv2DBackpropInput, whose filter gradient
 * is Conv2DBackpropFilter), and ∂/∂x of ‖∂L/∂W‖².
 */
export const conv2dBackpropFilterGradient: tf.GradConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  inputsToSave: ['x', 'dy'],
  gradFunc: (ddw, [x, dy], attrs) => {
    const { strides, pad, dataFormat, dimRoundingMode } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    const g = Array.isArray(ddw) ? ddw[0] : ddw;
    return {
      x: () =>
        tf.engine().runKernel(
          tf.Conv2DBackpropInput,
          { dy, filter: g },
          { strides, pad, dataFormat, dimRoundingMode, inputShape: x.shape } as unknown as tf.NamedAttrMap,
        ) as tf.Tensor,
      dy: () =>
        tf.conv2d(x as tf.Tensor4D, g as tf.Tensor4D, strides, pad as never, dataFormat === 'NCHW' ? 'NCHW' : 'NHWC', 1, dimRoundingMode),
    };
  },
};

/**
 * Gradient of `Conv2DBackpropInput` (also the forward kernel of `conv2dTranspose`),
 * dx = Σ dy·W, bilinear in (dy, W); for an upstream ddx (shaped like x):
 *
 *   ∂/∂dy     = Conv2D(ddx, W)
 *   ∂/∂filter = Conv2DBackpropFilter(ddx, dy)
 *
 * tfjs's own definition is the same and correct; it is re-registered so that the set
 * this package installs is complete and does not depend on import order.
 */
export const conv2dBackpropInputGradient: tf.GradConfig = {
  kernelName: tf.Conv2DBackpropInput,
  inputsToSave: ['dy', 'filter'],
  gradFunc: (ddx, [dy, filter], attrs) => {
    const { strides, pad, dataFormat, dimRoundingMode } = attrs as unknown as tf.Conv2DBackpropInputAttrs;
    const g = Array.isArray(ddx) ? ddx[0] : ddx;
    return {
      dy: () =>
        tf.conv2d(g as tf.Tensor4D, filter as tf.Tensor4D, strides, pad as never, dataFormat === 'NCHW' ? 'NCHW' : 'NHWC', 1, dimRoundingMode),
      filter: () =>
        tf.engine().runKernel(
          tf.Conv2DBackpropFilter,
          { x: g, dy },
          { strides, pad, dataFormat, dimRoundingMode, filterShape: filter.shape } as unknown as tf.NamedAttrMap,
        ) as tf.Tensor,
    };
  },
};

/** The convolution gradients of this module. */
export const convolutionGradients: readonly tf.GradConfig[] = [conv2dBackpropFilterGradient, conv2dBackpropInputGradient];
