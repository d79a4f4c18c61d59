import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Starts a worker thread on an ES module. When the module is TypeScript source (this
 * package run from `src/` with the `@gantry/source` condition, as in tests and
 * `pnpm gantry`), the worker first registers tsx's loader and inherits the
 * `@gantry/source` condition, so that it imports the same sources the main thread
 * does; built packages (`dist/*.js`) start directly.
 */
export function spawnModuleWorker(module: URL, workerData: unknown, transferList: readonly Transferable[] = []): Worker {
  const transfer = transferList as unknown as readonly import('node:worker_threads').TransferListItem[];
  if (!module.pathname.endsWith('.ts')) {
    return new Worker(module, { workerData, transferList: [...transfer] });
  }
  const loader = tsxApi();
  const code =
    `import(${JSON.stringify(loader)}).then((m) => { m.register(); return import(${JSON.stringify(module.href)}); })` +
    // Surface load failures as the worker's error event rather than an unhandled rejection.
    `.catch((e) => { setImmediate(() => { throw e; }); });`;
  return new Worker(code, {
    eval: true,
    workerData,
    transferList: [...transfer],
    // Not the parent's execArgv: tsx's own --import/--require hooks do not apply to workers in Node 20.
    execArgv: ['--conditions=@gantry/source'],
  });
}

function tsxApi(): string {
  const resolve = (import.meta as { resolve?: (s: string) => string }).resolve;
  if (typeof resolve === 'function') {
    try {
      return resolve('tsx/esm/api');
    } catch {
      /* fall through */
    }
  }
  // Under test runners without import.meta.resolve: find tsx's package and its ESM API file.
  const require = createRequire(import.meta.url);
  let dir: string;
  try {
    dir = dirname(require.resolve('tsx/package.json'));
  } catch {
    throw new Error('Running @gantry/parallel from TypeScript sources needs tsx (npm i -D tsx), or build the package first.');
  }
  return pathToFileURL(join(dir, 'dist', 'esm', 'api', 'index.mjs')).href;
}
