import { z } from 'zod';

/** `'hinge'` or `{ name: 'dcgan', options: { width: 32 } }`. */
const componentRef = z.union([
  z.string().min(1, 'a component name cannot be empty'),
  z.strictObject({ name: z.string().min(1), options: z.record(z.string(), z.unknown()).optional() }),
], { error: 'expected a component name like "dcgan" or { "name": "dcgan", "options": { … } }' });

const optimizer = z.discriminatedUnion('name', [
  z.strictObject({
    name: z.literal('adam'),
    learningRate: z.number().positive().max(10),
    beta1: z.number().min(0).lt(1).optional(),
    beta2: z.number().min(0).lt(1).optional(),
    epsilon: z.number().positive().optional(),
  }),
  z.strictObject({ name: z.literal('rmsprop'), learningRate: z.number().positive().max(10), decay: z.number().min(0).lt(1).optional(), epsilon: z.number().positive().optional() }),
  z.strictObject({ name: z.literal('sgd'), learningRate: z.number().positive().max(10) }),
]);

const training = z.strictObject({
  steps: z.int().min(0).max(1e9),
  batchSize: z.int().min(1).max(65536),
  seed: z.int().min(0).max(2 ** 32 - 1),
  optimizers: z.record(z.string(), optimizer),
  onNonFinite: z.enum(['stop', 'skip']),
  checkpointEvery: z.int().min(0),
}).partial();

const run = z.strictObject({
  backend: z.enum(['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']),
  out: z.string().min(1),
  sampleEvery: z.int().min(1),
  checkpointEvery: z.int().min(1),
  plugins: z.array(z.string().min(1)),
  workers: z.union([z.literal('auto'), z.int().min(1).max(256)]),
  syncBatchNorm: z.boolean(),
}).partial();

/**
 * The schema of a `gantry train --config` file: the GAN spec's keys plus `run`.
 * Unknown keys, wrong types and out-of-range values are rejected with their path.
 */
export const configFileSchema = z.strictObject({
  data: componentRef,
  generator: componentRef,
  discriminator: componentRef,
  objective: componentRef,
  regularizers: z.array(componentRef),
  constraints: z.array(componentRef),
  metrics: z.array(componentRef),
  game: componentRef,
  discriminatorSteps: z.int().min(1).max(100),
  training,
  run,
}).partial();

/** A parsed, valid config file. */
export type ConfigFile = z.infer<typeof configFileSchema>;

/** Formats zod issues as `path: message` lines. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.length ? issue.path.join('.') : '(top level)';
      const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
      return `${path}: ${issue.message}${keys}`;
    })
    .join('; ');
}
