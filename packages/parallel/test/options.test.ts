import { describe, expect, it } from 'vitest';
import { ConfigError } from '@gantry/core';
import { AUTO_MAX_WORKERS, AUTO_MIN_WORK, loadPluginModules, resolveWorkers } from '@gantry/parallel';

describe('resolveWorkers (--workers N|auto)', () => {
  it("'auto' is one per core on the single-threaded backends, capped, and 1 on native TensorFlow", () => {
    expect(resolveWorkers('auto', { backend: 'wasm', batchSize: 64, cores: 2 })).toBe(2);
    expect(resolveWorkers('auto', { backend: 'cpu', batchSize: 64, cores: 1 })).toBe(1);
    expect(resolveWorkers('auto', { backend: 'wasm', batchSize: 64, cores: 32 })).toBe(AUTO_MAX_WORKERS);
    expect(resolveWorkers('auto', { backend: 'wasm', batchSize: 3, cores: 32 })).toBe(3);
    expect(resolveWorkers('auto', { backend: 'tensorflow', batchSize: 64, cores: 32 })).toBe(1);
    expect(resolveWorkers('auto', { backend: 'tensorflow-gpu', batchSize: 64, cores: 32 })).toBe(1);
  });

  it("'auto' keeps models too small to gain (parameters × batch < AUTO_MIN_WORK) on one thread", () => {
    // DCGAN-28: 1.9 M parameters × 64; a 2-D MLP GAN: ~35 k × 64.
    expect(resolveWorkers('auto', { backend: 'wasm', batchSize: 64, cores: 2, work: 1_900_000 * 64 })).toBe(2);
    expect(resolveWorkers('auto', { backend: 'wasm', batchSize: 64, cores: 2, work: 35_000 * 64 })).toBe(1);
    expect(resolveWorkers('auto', { backend: 'wasm', batchSize: 64, cores: 2, work: AUTO_MIN_WORK })).toBe(2);
    expect(resolveWorkers(2, { backend: 'wasm', batchSize: 64, cores: 2, work: 1 })).toBe(2); // explicit counts are taken as given
  });

  it('takes explicit counts (number or text) and rejects bad ones naming the value', () => {
    expect(resolveWorkers(3, { backend: 'tensorflow', batchSize: 64 })).toBe(3);
    expect(resolveWorkers('2', { backend: 'wasm', batchSize: 64 })).toBe(2);
    expect(() => resolveWorkers('0', { backend: 'wasm', batchSize: 64 })).toThrow(ConfigError);
    expect(() => resolveWorkers('two', { backend: 'wasm', batchSize: 64 })).toThrow(/'auto' or a whole number ≥ 1, got 'two'/);
    expect(() => resolveWorkers(9, { backend: 'wasm', batchSize: 8 })).toThrow(/more than the batch size 8/);
  });
});

describe('loadPluginModules', () => {
  it('collects plugin values and arrays of them from modules (by name, path or URL), once each', async () => {
    const byUrl = await loadPluginModules([new URL('./fixtures/test-plugins.ts', import.meta.url)]);
    expect(byUrl.map((p) => p.name)).toEqual(['parallel-test-plugin']);
    const byPath = await loadPluginModules(['./fixtures/test-plugins.ts', '@gantry/loss-minimax'], new URL('.', import.meta.url).href, 'import');
    expect(byPath.map((p) => p.name)).toEqual(['parallel-test-plugin', '@gantry/loss-minimax']);
  });

  it('names the module that cannot be loaded or exports no plugin', async () => {
    await expect(loadPluginModules(['@gantry/no-such-package'])).rejects.toThrow(/Cannot load plugin module '@gantry\/no-such-package'/);
    await expect(loadPluginModules([new URL('./fixtures/collective-inputs.ts', import.meta.url)])).rejects.toThrow(/exports no Gantry plugin/);
  });
});
