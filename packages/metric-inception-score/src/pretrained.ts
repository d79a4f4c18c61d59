import { readFileSync } from 'node:fs';
import { ConfigError } from '@gantry/core';
import type { CnnClassifier } from './cnn.js';
import { decodeClassifier, type CnnModelFile } from './format.js';

/** The classifiers shipped in this package's `classifiers/` folder. */
export type PretrainedClassifierName = 'mnist' | 'fashion-mnist';

/** Names accepted by {@link loadClassifier}. */
export const PRETRAINED_CLASSIFIERS: readonly PretrainedClassifierName[] = ['mnist', 'fashion-mnist'];

/** What the training script measured and recorded next to the weights (`metadata.json`). */
export interface ClassifierMetadata {
  readonly dataset: string;
  /** Accuracy on the whole test split (10 000 images). */
  readonly testAccuracy: number;
  readonly testImages: number;
  readonly trainImages: number;
  readonly parameters: number;
  readonly weightsBytes: number;
  readonly architecture: string;
  readonly inputRange: readonly [number, number];
  readonly training: Readonly<Record<string, unknown>>;
  readonly [key: string]: unknown;
}

function check(name: string): PretrainedClassifierName {
  if (!(PRETRAINED_CLASSIFIERS as readonly string[]).includes(name)) {
    throw new ConfigError(`Unknown classifier '${name}'. Shipped classifiers: ${PRETRAINED_CLASSIFIERS.join(', ')}.`);
  }
  return name as PretrainedClassifierName;
}

function file(name: PretrainedClassifierName, base: string): URL {
  // Relative to this module: src/ in the workspace, dist/ when installed; both sit next to classifiers/.
  return new URL(`../classifiers/${name}/${base}`, import.meta.url);
}

function read(url: URL): Buffer {
  try {
    return readFileSync(url);
  } catch (error) {
    throw new ConfigError(
      `Cannot read ${url.pathname} (${(error as Error).message.split('\n')[0]}). ` +
        'The classifier files ship in the package; rerun scripts/train-classifier.ts if they were removed.',
    );
  }
}

/**
 * Loads a classifier shipped with this package (Node; reads local files, nothing
 * is downloaded): a compact CNN trained by `scripts/train-classifier.ts` on the
 * MNIST or Fashion-MNIST training split, inputs `[n, 28, 28, 1]` in [0, 1].
 * The caller owns the result (dispose it); see {@link sharedClassifier} for a cached one.
 */
export function loadClassifier(name: PretrainedClassifierName | string): CnnClassifier {
  const which = check(name);
  const model = JSON.parse(read(file(which, 'model.json')).toString('utf8')) as CnnModelFile;
  const weights = read(file(which, model.weightsFile));
  return decodeClassifier(model, new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength));
}

/** The metadata (measured test accuracy, training settings) of a shipped classifier. */
export function classifierMetadata(name: PretrainedClassifierName | string): ClassifierMetadata {
  return JSON.parse(read(file(check(name), 'metadata.json')).toString('utf8')) as ClassifierMetadata;
}

const shared = new Map<string, CnnClassifier>();

/**
 * One process-wide instance per shipped classifier, loaded on first use and kept
 * (its ~0.9 MB of weights) so that metrics evaluated every few hundred steps do not
 * reload it. Do not dispose it; {@link releaseSharedClassifiers} does.
 */
export function sharedClassifier(name: PretrainedClassifierName | string): CnnClassifier {
  const which = check(name);
  let classifier = shared.get(which);
  if (!classifier) {
    classifier = loadClassifier(which);
    shared.set(which, classifier);
  }
  return classifier;
}

/** Disposes the cached classifiers of {@link sharedClassifier}. */
export function releaseSharedClassifiers(): void {
  for (const c of shared.values()) c.dispose();
  shared.clear();
}
