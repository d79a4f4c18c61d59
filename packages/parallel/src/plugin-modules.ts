import { createRequire } from 'node:module';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError, type Plugin } from '@gantry/core';

/**
 * A module that provides plugins, by URL or specifier: every export that is a plugin
 * value (`{ name, register }`) or an array of them (like the CLI's `BUILTIN_PLUGINS`)
 * is registered. Plugins are plain values exported by modules, so each worker thread
 * can import the same modules and register the same plugins.
 */
export type PluginModule = string | URL;

/**
 * Imports plugin modules and returns their plugins, in order, without duplicates.
 * Paths are taken relative to `resolveFrom` (a directory or file, default the working
 * directory) and so are package names where Node's resolver finds them from there
 * (worker threads of a library must find the application's plugins, not the
 * library's); URLs are imported as they are.
 */
export async function loadPluginModules(
  modules: readonly PluginModule[],
  resolveFrom = `${process.cwd()}/`,
  /**
   * `'import'`: first as this module's `import()` sees a name (the calling thread's
   * resolver — vite or tsx conditions included), then from `resolveFrom`; `'locate'`
   * (worker threads): first from `resolveFrom`.
   */
  prefer: 'import' | 'locate' = 'locate',
): Promise<Plugin<any>[]> {
  const out: Plugin<any>[] = [];
  for (const m of modules) {
    const located = m instanceof URL ? m.href : locate(m, resolveFrom);
    const attempts = prefer === 'import' && typeof m === 'string' ? [m, located] : [located, ...(typeof m === 'string' ? [m] : [])];
    let mod: Record<string, unknown> | undefined;
    let failure: unknown;
    for (const target of new Set(attempts)) {
      try {
        mod = (await import(target)) as Record<string, unknown>;
        break;
      } catch (error) {
        failure ??= error;
      }
    }
    if (!mod) throw new ConfigError(`Cannot load plugin module '${String(m)}': ${(failure as Error).message.split('\n')[0]}.`);
    const found = Object.values(mod).flatMap((v) => (Array.isArray(v) ? v.filter(isPlugin) : isPlugin(v) ? [v] : []));
    if (found.length === 0) throw new ConfigError(`Module '${String(m)}' exports no Gantry plugin (a value { name, register(container, options) }).`);
    for (const p of found) if (!out.includes(p)) out.push(p);
  }
  return out;
}

function locate(spec: string, resolveFrom: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(spec) && !isAbsolute(spec)) return spec; // file:, data:, node: …
  // A directory ends with '/'; anything else is a file whose directory is the base.
  const from = resolveFrom.startsWith('file:') ? fileURLToPath(resolveFrom) + (resolveFrom.endsWith('/') ? '/' : '') : resolveFrom;
  const file = from.endsWith('/') ? `${from}index.js` : from;
  if (spec.startsWith('.') || isAbsolute(spec)) return pathToFileURL(resolve(file, '..', spec)).href;
  try {
    return pathToFileURL(createRequire(file).resolve(spec)).href;
  } catch {
    return spec; // e.g. an import-only package: let import() resolve it from here
  }
}

function isPlugin(value: unknown): value is Plugin<any> {
  return typeof value === 'object' && value !== null && typeof (value as Plugin).name === 'string' && typeof (value as Plugin).register === 'function';
}
