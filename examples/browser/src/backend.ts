import * as tf from '@tensorflow/tfjs-core';
// Importing a backend registers it with tfjs; setBackend below picks one.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';

/** What the page can be asked for: `auto` takes webgl where it works, else cpu. */
export type BackendChoice = 'auto' | 'webgl' | 'cpu';

export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'webgl', 'cpu'];

/**
 * Activates a tfjs backend in the page. `@gantry/backend` chooses among Node's
 * backends (tfjs-node, wasm, cpu) with imports by name that a bundler cannot
 * follow, so the page does the browser's two itself. tfjs's `setBackend`
 * resolves to false (rather than throwing) when WebGL cannot be initialised,
 * e.g. in a browser without a GPU or software rasteriser.
 */
export async function selectBrowserBackend(choice: BackendChoice): Promise<{ backend: string; skipped: string[] }> {
  const order = choice === 'auto' ? ['webgl', 'cpu'] : [choice];
  const skipped: string[] = [];
  for (const name of order) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return { backend: tf.getBackend(), skipped };
      }
      skipped.push(`${name}: could not be initialised`);
    } catch (error) {
      skipped.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new Error(`No tfjs backend could be used (${skipped.join('; ')}).`);
}
