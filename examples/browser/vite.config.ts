import { builtinModules } from 'node:module';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

const NODE_BUILTINS = new Set(builtinModules);

/**
 * Fails the build (and the dev server's request) when Gantry code or this page
 * imports something that only runs in Node: a Node built-in, `@gantry/core/node`
 * or tfjs-node. Third-party libraries are left to their own `browser` fields
 * (tfjs maps its optional Node imports away there).
 */
function browserOnly(): Plugin {
  return {
    name: 'gantry-browser-only',
    enforce: 'pre',
    resolveId(id, importer) {
      if (!importer || importer.includes('/node_modules/')) return null;
      const bare = id.startsWith('node:') ? id.slice(5) : id.split('/')[0];
      if (id.startsWith('node:') || NODE_BUILTINS.has(bare) || /^@gantry\/core\/node\b|^@tensorflow\/tfjs-node/.test(id)) {
        this.error(`${importer} imports '${id}', which only runs in Node and must not reach the browser bundle.`);
      }
      return null;
    },
  };
}

export default defineConfig({
  // Resolve the workspace packages to their TypeScript sources, as the tests do.
  resolve: {
    conditions: ['@gantry/source', ...defaultClientConditions],
    dedupe: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', 'reflect-metadata'],
  },
  // Core's trainer uses tsyringe's parameter decorators with explicit tokens.
  esbuild: { target: 'es2022', tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } } },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  plugins: [browserOnly()],
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
