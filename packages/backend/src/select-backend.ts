import * as tf from '@tensorflow/tfjs-core';

/** A backend a user can ask for. `auto` takes the fastest that loads here. */
export type BackendChoice = 'auto' | 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

/** The choices `auto` tries, fastest first. */
export const AUTO_ORDER: readonly Exclude<BackendChoice, 'auto'>[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

interface Candidate {
  /** Module that registers the backend when imported. */
  readonly module: string;
  /** Name the backend registers under in tfjs. */
  readonly backend: string;
  /** What to tell a user for whom it does not load. */
  readonly help: string;
}

const CANDIDATES: Record<Exclude<BackendChoice, 'auto'>, Candidate> = {
  'tensorflow-gpu': {
    module: '@tensorflow/tfjs-node-gpu',
    backend: 'tensorflow',
    help: 'install @tensorflow/tfjs-node-gpu (its install script downloads libtensorflow with CUDA; needs a CUDA-capable GPU and network access at install time)',
  },
  tensorflow: {
    module: '@tensorflow/tfjs-node',
    backend: 'tensorflow',
    help: 'install @tensorflow/tfjs-node (its install script downloads libtensorflow; needs network access at install time)',
  },
  wasm: {
    module: '@tensorflow/tfjs-backend-wasm',
    backend: 'wasm',
    help: 'install @tensorflow/tfjs-backend-wasm',
  },
  cpu: {
    module: '@tensorflow/tfjs-backend-cpu',
    backend: 'cpu',
    help: 'install @tensorflow/tfjs-backend-cpu',
  },
};

/** What {@link selectBackend} did. */
export interface BackendSelection {
  /** The choice that was taken. */
  readonly choice: Exclude<BackendChoice, 'auto'>;
  /** tfjs's name of the active backend (`tf.getBackend()`). */
  readonly backend: string;
  /** Kernels Gantry registered for it. */
  readonly kernels: readonly string[];
  /**
   * Kernels running natively through `@gantry/kernels-native` (OpenBLAS), on top of {@link kernels}:
   * e.g. `['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'BatchMatMul', 'FusedConv2D', '_FusedMatMul']` on wasm; empty
   * elsewhere, when turned off, or when the native addon is not installed or not built.
   */
  readonly nativeKernels: readonly string[];
  /** Why {@link nativeKernels} is empty on wasm (not installed, not built, turned off), if it is. */
  readonly nativeKernelsReason?: string;
  /** Choices tried before it, with why each failed. */
  readonly skipped: ReadonlyArray<{ readonly choice: string; readonly reason: string }>;
}

/** Options of {@link selectBackend}; the hooks exist for tests. */
export interface SelectBackendOptions {
  /** Imports a module by name. Default: dynamic `import()`. */
  readonly importModule?: (name: string) => Promise<unknown>;
  /** Registers Gantry's kernels for a backend; returns their names. Default: `@gantry/kernels`. */
  readonly registerKernels?: (backend: string) => Promise<readonly string[]>;
  /**
   * On wasm, also register the native OpenBLAS kernels of the optional `@gantry/kernels-native`
   * when it is installed and its addon was built. Default: true, unless the environment variable
   * `GANTRY_NATIVE_KERNELS` is `0` (or `false` / `off`).
   */
  readonly nativeKernels?: boolean;
  /**
   * Registers native kernels for a backend; returns their names, or a reason why there are none.
   * Default: `@gantry/kernels-native` (a dynamic import; absent is fine).
   */
  readonly registerNativeKernels?: (backend: string) => Promise<{ readonly kernels: readonly string[]; readonly reason?: string }>;
}

/** A requested backend that cannot be used here. */
export class BackendUnavailableError extends Error {
  constructor(
    readonly choice: string,
    message: string,
  ) {
    super(message);
    this.name = 'BackendUnavailableError';
  }
}

/**
 * Selects the TensorFlow.js backend at run time. `auto` tries, in order,
 * tfjs-node-gpu (CUDA), tfjs-node (native CPU), wasm (XNNPACK) and the plain
 * JavaScript cpu backend, taking the first that loads and initialises. The native
 * ones are optional peer dependencies: where they are not installed `auto` moves on,
 * while asking for one by name fails with an error saying how to install it.
 * On wasm and cpu, Gantry's training kernels (`@gantry/kernels`) are registered; on wasm, the
 * native OpenBLAS kernels of `@gantry/kernels-native` are then registered on top of them when that
 * optional package is installed and built (`nativeKernels: false` or `GANTRY_NATIVE_KERNELS=0`
 * turns this off), and reported in `nativeKernels`.
 */
export async function selectBackend(
  requested: BackendChoice | string = 'auto',
  options: SelectBackendOptions = {},
): Promise<BackendSelection> {
  const importModule = options.importModule ?? ((name: string) => import(name));
  const registerKernels = options.registerKernels ?? defaultRegisterKernels;
  const registerNative = options.registerNativeKernels ?? defaultRegisterNativeKernels;
  const nativeWanted = options.nativeKernels ?? !/^(0|false|off|no)$/i.test(process.env.GANTRY_NATIVE_KERNELS ?? '');
  if (requested !== 'auto' && !(requested in CANDIDATES)) {
    throw new BackendUnavailableError(
      requested,
      `Unknown backend '${requested}'. Choose one of: auto, ${AUTO_ORDER.join(', ')}.`,
    );
  }
  const order = requested === 'auto' ? AUTO_ORDER : [requested as Exclude<BackendChoice, 'auto'>];
  const skipped: Array<{ choice: string; reason: string }> = [];
  for (const choice of order) {
    const candidate = CANDIDATES[choice];
    try {
      await importModule(candidate.module);
      if (!(await tf.setBackend(candidate.backend))) throw new Error(`tf.setBackend('${candidate.backend}') returned false`);
      await tf.ready();
      const kernels = await registerKernels(candidate.backend);
      const native = await nativeKernelsFor(candidate.backend, nativeWanted, registerNative);
      return { choice, backend: tf.getBackend(), kernels, nativeKernels: native.kernels, nativeKernelsReason: native.reason, skipped };
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      skipped.push({ choice, reason });
      if (requested !== 'auto') {
        throw new BackendUnavailableError(
          choice,
          `Backend '${choice}' is not available: ${reason}. To use it, ${candidate.help}; or run with --backend auto.`,
        );
      }
    }
  }
  throw new BackendUnavailableError(
    'auto',
    `No TensorFlow.js backend could be loaded (${skipped.map((s) => `${s.choice}: ${s.reason}`).join('; ')}). ` +
      'Install @tensorflow/tfjs-backend-cpu at least.',
  );
}

async function defaultRegisterKernels(backend: string): Promise<readonly string[]> {
  if (backend !== 'wasm' && backend !== 'cpu') return [];
  const kernels = await import('@gantry/kernels');
  kernels.registerGantryKernels(backend);
  // Report what is really installed rather than a list kept here by hand.
  return kernels.installedKernels(backend);
}

async function nativeKernelsFor(
  backend: string,
  wanted: boolean,
  register: NonNullable<SelectBackendOptions['registerNativeKernels']>,
): Promise<{ kernels: readonly string[]; reason?: string }> {
  if (backend !== 'wasm') return { kernels: [] };
  if (!wanted) return { kernels: [], reason: 'turned off (nativeKernels: false or GANTRY_NATIVE_KERNELS=0)' };
  try {
    return await register(backend);
  } catch (error) {
    // Optional all the way: a failure here must never cost the user the backend.
    return { kernels: [], reason: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  }
}

/** The optional native kernels (`@gantry/kernels-native`), imported only when wasm is selected. */
async function defaultRegisterNativeKernels(): Promise<{ kernels: readonly string[]; reason?: string }> {
  let native: typeof import('@gantry/kernels-native');
  try {
    native = await import('@gantry/kernels-native');
  } catch {
    return { kernels: [], reason: '@gantry/kernels-native is not installed' };
  }
  const status = native.nativeKernelsStatus();
  if (!status.available) return { kernels: [], reason: status.reason };
  return { kernels: native.registerNativeKernels() };
}
