import * as tf from '@tensorflow/tfjs-core';
import { CnnClassifier, cnnWeightSpecs, type CnnArchitecture } from './cnn.js';

/** Identifies the file format of `model.json`. */
export const CNN_FORMAT = 'gantry-cnn-classifier/1';

/**
 * `model.json` of a shipped classifier: the architecture, the pixel range it was
 * trained on and where each weight lies in `weights.bin` (float32, little-endian,
 * concatenated in {@link cnnWeightSpecs} order).
 */
export interface CnnModelFile {
  readonly format: typeof CNN_FORMAT;
  readonly architecture: CnnArchitecture;
  readonly inputRange: readonly [number, number];
  readonly weightsFile: string;
  readonly weights: ReadonlyArray<{ readonly name: string; readonly shape: readonly number[]; readonly byteOffset: number }>;
}

/** Serialises a classifier's weights to `model.json` content and the bytes of `weights.bin`. */
export function encodeClassifier(classifier: CnnClassifier): { model: CnnModelFile; weights: Uint8Array } {
  const specs = cnnWeightSpecs(classifier.architecture);
  const total = specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
  const bytes = new Uint8Array(total * 4);
  const view = new DataView(bytes.buffer);
  let offset = 0;
  const entries = specs.map((s, i) => {
    const values = classifier.weights[i].dataSync();
    const byteOffset = offset;
    for (let j = 0; j < values.length; j++, offset += 4) view.setFloat32(offset, values[j], true);
    return { name: s.name, shape: s.shape, byteOffset };
  });
  return {
    model: {
      format: CNN_FORMAT,
      architecture: classifier.architecture,
      inputRange: classifier.inputRange,
      weightsFile: 'weights.bin',
      weights: entries,
    },
    weights: bytes,
  };
}

/**
 * Builds a classifier from `model.json` content and the bytes of its weights file.
 * Works anywhere (no file access); `loadClassifier` reads the shipped files.
 * @throws RangeError when the file is not of this format or the weights do not fit.
 */
export function decodeClassifier(model: CnnModelFile, weights: Uint8Array): CnnClassifier {
  if (model.format !== CNN_FORMAT) {
    throw new RangeError(`Unknown classifier format '${String(model.format)}'; expected '${CNN_FORMAT}'.`);
  }
  const specs = cnnWeightSpecs(model.architecture);
  if (model.weights.length !== specs.length) {
    throw new RangeError(`model.json lists ${model.weights.length} weights; the architecture has ${specs.length}.`);
  }
  const view = new DataView(weights.buffer, weights.byteOffset, weights.byteLength);
  const variables = specs.map((s, i) => {
    const entry = model.weights[i];
    if (entry.name !== s.name || !tf.util.arraysEqual([...entry.shape], [...s.shape])) {
      throw new RangeError(`Weight ${i} is ${entry.name} [${entry.shape}], expected ${s.name} [${s.shape}].`);
    }
    const size = s.shape.reduce((a, b) => a * b, 1);
    if (entry.byteOffset + 4 * size > weights.byteLength) {
      throw new RangeError(`Weights file too short for ${s.name} (needs bytes up to ${entry.byteOffset + 4 * size}, has ${weights.byteLength}).`);
    }
    const values = new Float32Array(size);
    for (let j = 0; j < size; j++) values[j] = view.getFloat32(entry.byteOffset + 4 * j, true);
    // Not trainable: a loaded classifier is a fixed measuring instrument.
    return tf.tidy(() => tf.variable(tf.tensor(values, s.shape as number[], 'float32'), false));
  });
  return new CnnClassifier(model.architecture, variables, model.inputRange);
}
