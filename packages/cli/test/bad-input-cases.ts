/**
 * Bad inputs and the messages they must produce. Each case is a test
 * (bad-input.test.ts) and a row of docs/errors.md (scripts/error-table.ts).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '@gantry/cli';

const fixtures = join(import.meta.dirname, 'fixtures');
const fast = ['--backend', 'cpu', '--steps', '1', '--batch-size', '2'];

export interface BadInputCase {
  readonly area: 'CLI flags' | 'config file' | 'data' | 'models' | 'plugins' | 'checkpoints';
  readonly what: string;
  /** argv of the gantry command; `{config}` is replaced by the path of a file holding `config`. */
  readonly argv: readonly string[];
  readonly config?: string;
  /** Set up before running (e.g. a checkpoint to corrupt); returns nothing. */
  readonly setup?: 'truncated-checkpoint' | 'other-architecture';
  readonly message: RegExp;
}

export const CASES: readonly BadInputCase[] = [
  { area: 'CLI flags', what: 'unknown command', argv: ['trian'], message: /Unknown command 'trian'. Commands: train, sample, eval, list, interpolate/ },
  { area: 'CLI flags', what: 'unknown flag', argv: ['train', '--stpes', '5'], message: /Unknown option '--stpes'/ },
  { area: 'CLI flags', what: 'negative steps', argv: ['train', '--steps=-1'], message: /--steps must be a whole number ≥ 0, got '-1'/ },
  { area: 'CLI flags', what: 'steps not a number', argv: ['train', '--steps', 'abc'], message: /--steps must be a whole number ≥ 0, got 'abc'/ },
  { area: 'CLI flags', what: 'batch size 0', argv: ['train', '--batch-size', '0'], message: /--batch-size must be a whole number ≥ 1, got '0'/ },
  { area: 'CLI flags', what: 'learning rate 0', argv: ['train', '--lr', '0'], message: /--lr must be a positive number, got '0'/ },
  { area: 'CLI flags', what: 'β₁ out of range', argv: ['train', '--beta1', '1.5'], message: /--beta1 must be in \[0, 1\), got '1.5'/ },
  { area: 'CLI flags', what: 'unknown NaN policy', argv: ['train', '--on-nan', 'maybe'], message: /--on-nan must be 'stop' or 'skip', got 'maybe'/ },
  { area: 'CLI flags', what: 'unknown optimizer', argv: ['train', '--optimizer', 'adamw'], message: /--optimizer must be adam, rmsprop or sgd, got 'adamw'/ },
  { area: 'CLI flags', what: 'unknown backend', argv: ['train', '--backend', 'cuda'], message: /Unknown backend 'cuda'\. Choose one of: auto, tensorflow-gpu, tensorflow, wasm, cpu/ },
  { area: 'CLI flags', what: 'native backend not installed', argv: ['train', '--backend', 'tensorflow-gpu'], message: /Backend 'tensorflow-gpu' is not available: .*install @tensorflow\/tfjs-node-gpu/ },
  { area: 'CLI flags', what: 'option without a value', argv: ['train', ...fast, '--regularizer', 'gradient-penalty:lambda'], message: /Bad option 'lambda' in 'gradient-penalty:lambda': write key=value/ },
  { area: 'CLI flags', what: 'unknown objective', argv: ['train', ...fast, '--objective', 'non-saturatin'], message: /Unknown objective 'non-saturatin'\. Did you mean 'non-saturating'\?/ },
  { area: 'CLI flags', what: 'sample without a checkpoint', argv: ['sample'], message: /gantry sample needs --checkpoint FILE/ },
  { area: 'config file', what: 'missing file', argv: ['train', '--config', '/nonexistent/gantry.json'], message: /Config file not found: \/nonexistent\/gantry.json/ },
  { area: 'config file', what: 'not JSON', argv: ['train', '--config', '{config}'], config: '{ steps: 5 ', message: /is not valid JSON/ },
  { area: 'config file', what: 'unknown key', argv: ['train', '--config', '{config}'], config: '{"epochs": 5}', message: /is invalid: \(top level\): Unrecognized key.*epochs/ },
  { area: 'config file', what: 'unknown nested key', argv: ['train', '--config', '{config}'], config: '{"training": {"epochs": 5}}', message: /training: Unrecognized key.*epochs/ },
  { area: 'config file', what: 'wrong type', argv: ['train', '--config', '{config}'], config: '{"training": {"batchSize": "64"}}', message: /training\.batchSize: Invalid input: expected number, received string/ },
  { area: 'config file', what: 'out of range', argv: ['train', '--config', '{config}'], config: '{"training": {"steps": -5}}', message: /training\.steps: Too small: expected number to be >=0/ },
  { area: 'config file', what: 'not a whole number', argv: ['train', '--config', '{config}'], config: '{"discriminatorSteps": 2.5}', message: /discriminatorSteps: Invalid input: expected int, received number/ },
  { area: 'config file', what: 'unknown backend', argv: ['train', '--config', '{config}'], config: '{"run": {"backend": "gpu"}}', message: /run\.backend: Invalid option: expected one of "auto"\|"tensorflow-gpu"\|"tensorflow"\|"wasm"\|"cpu"/ },
  { area: 'config file', what: 'negative learning rate', argv: ['train', '--config', '{config}'], config: '{"training": {"optimizers": {"*": {"name": "adam", "learningRate": -1}}}}', message: /training\.optimizers\.\*\.learningRate: Too small: expected number to be >0/ },
  { area: 'config file', what: 'component without a name', argv: ['train', '--config', '{config}'], config: '{"generator": {"options": {}}}', message: /generator: expected a component name like "dcgan" or \{ "name": "dcgan", "options": \{ … \} \}/ },
  { area: 'config file', what: 'unknown optimizer', argv: ['train', '--config', '{config}'], config: '{"training": {"optimizers": {"*": {"name": "adamw", "learningRate": 0.1}}}}', message: /training\.optimizers\.\*\.name: Invalid discriminator value\. Expected 'adam' \| 'rmsprop' \| 'sgd'/ },
  { area: 'data', what: 'unknown data set', argv: ['train', ...fast, '--data', 'mnits'], message: /Unknown dataset 'mnits'\. Did you mean 'mnist'\?/ },
  { area: 'data', what: 'unknown split', argv: ['train', ...fast, '--data', 'mnist:split=validation'], message: /split/ },
  { area: 'data', what: 'empty selection', argv: ['train', ...fast, '--data', 'mnist:limit=0'], message: /limit/ },
  { area: 'data', what: 'class out of range', argv: ['train', ...fast, '--data', 'mnist:classes=[3,12]'], message: /classes/ },
  { area: 'data', what: 'toy data with a conv architecture', argv: ['train', ...fast, '--data', 'ring', '--generator', 'dcgan', '--discriminator', 'dcgan'], message: /dcgan/i },
  { area: 'data', what: 'values outside the declared range', argv: ['train', ...fast, '--plugin', join(fixtures, 'lying-plugin.mjs'), '--data', 'raw-pixels', '--generator', 'mlp', '--discriminator', 'mlp'], message: /Data set 'raw-pixels' declares values in \[-1, 1\] but a batch has values in \[255, 255\]: scale the data/ },
  { area: 'models', what: 'generator returns the wrong dtype', argv: ['train', ...fast, '--plugin', join(fixtures, 'lying-plugin.mjs'), '--data', 'ring', '--generator', 'int-generator', '--discriminator', 'mlp'], message: /Generator 'int-generator' returns int32 samples; it must return float32/ },
  { area: 'models', what: 'G built for another image size than the data', argv: ['train', ...fast, '--generator', 'dcgan:size=32'], message: /generator 'dcgan': options ask for 32×32×1 images, but the data's samples are \[28, 28, 1\]/ },
  { area: 'models', what: 'unknown architecture option', argv: ['train', ...fast, '--generator', 'dcgan:widht=8'], message: /widht/ },
  { area: 'models', what: 'bad objective option', argv: ['train', ...fast, '--objective', 'non-saturating:labelSmoothing=2'], message: /labelSmoothing/ },
  { area: 'plugins', what: 'plugin module not found', argv: ['train', ...fast, '--plugin', './no-such-plugin.mjs'], message: /Cannot load plugin '.\/no-such-plugin.mjs': Cannot find module '.*\/no-such-plugin.mjs'/ },
  { area: 'plugins', what: 'module exports no plugin', argv: ['train', ...fast, '--plugin', join(fixtures, 'not-a-plugin.mjs')], message: /exports no Gantry plugin/ },
  { area: 'plugins', what: 'built for another core version', argv: ['train', ...fast, '--plugin', join(fixtures, 'old-plugin.mjs')], message: /Plugin 'gantry-plugin-old' was built for @gantry\/core \^9\.0\.0/ },
  { area: 'plugins', what: 'two plugins claim one name', argv: ['train', ...fast, '--plugin', join(fixtures, 'clashing-plugin.mjs')], message: /Plugin 'gantry-plugin-clashing' provides dataset 'mnist', which another registered plugin already provides/ },
  { area: 'checkpoints', what: 'missing checkpoint', argv: ['sample', '--checkpoint', '/nonexistent/ckpt-000000001.gantry'], message: /Checkpoint not found: \/nonexistent\/ckpt-000000001.gantry/ },
  { area: 'checkpoints', what: 'truncated checkpoint', argv: ['sample', '--checkpoint', '{checkpoint}'], setup: 'truncated-checkpoint', message: /is corrupt or truncated \(checksum mismatch/ },
  { area: 'checkpoints', what: 'checkpoint from another architecture', argv: ['train', '--out', '{run}', '--backend', 'cpu', '--data', 'ring', '--generator', 'mlp:hidden=[16]', '--discriminator', 'mlp', '--steps', '4'], setup: 'other-architecture', message: /written by another architecture/ },
];

/** Runs one case through the CLI in-process; returns its exit code and what it wrote to stderr. */
export async function runCase(c: BadInputCase): Promise<{ code: number; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-bad-'));
  const argv = [...c.argv];
  if (c.config !== undefined) writeFileSync(join(dir, 'config.json'), c.config);
  const write = process.stderr.write;
  let captured = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    captured += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    if (c.setup) {
      const run = join(dir, 'run');
      await main(['train', '--out', run, '--backend', 'cpu', '--data', 'ring', '--generator', 'mlp', '--discriminator', 'mlp', '--steps', '2', '--checkpoint-every', '1']);
      const ckpt = join(run, 'checkpoints', 'ckpt-000000002.gantry');
      if (c.setup === 'truncated-checkpoint') writeFileSync(ckpt, readFileSync(ckpt).subarray(0, 100));
      for (let i = 0; i < argv.length; i++) argv[i] = argv[i].replace('{checkpoint}', ckpt).replace('{run}', run);
    }
    for (let i = 0; i < argv.length; i++) argv[i] = argv[i].replace('{config}', join(dir, 'config.json'));
    captured = '';
    const code = await main(argv);
    return { code, stderr: captured };
  } finally {
    process.stderr.write = write;
  }
}
