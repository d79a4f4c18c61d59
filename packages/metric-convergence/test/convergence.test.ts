import { ConfigError, findProvider, registerPlugins, rootContainer } from '@gantry/core';
import { convergenceMeasure, ConvergenceMetric, convergencePlugin } from '@gantry/metric-convergence';
import { describe, expect, it } from 'vitest';

describe('M_global', () => {
  it('is L(x) + |γ·L(x) − L(G(z))| (hand-computed)', () => {
    // 0.2 + |0.5·0.2 − 0.06| = 0.2 + 0.04 = 0.24
    expect(convergenceMeasure(0.2, 0.06, 0.5)).toBeCloseTo(0.24, 12);
    // 0.2 + |0.1 − 0.3| = 0.4 (fakes reconstructed worse than γ·L(x))
    expect(convergenceMeasure(0.2, 0.3, 0.5)).toBeCloseTo(0.4, 12);
    // At equilibrium L(G(z)) = γ·L(x) it is L(x): 0.3 + 0 with γ = 0.7.
    expect(convergenceMeasure(0.3, 0.21, 0.7)).toBeCloseTo(0.3, 12);
  });

  it('is computed per step from the logs, under `convergence`', () => {
    const m = new ConvergenceMetric({ gamma: 0.5 });
    expect(m.every).toBe(0);
    expect(m.id).toBe('@gantry/metric-convergence>Convergence');
    expect(m.fromStep({ 'began/L_real': 0.2, 'began/L_fake': 0.06, 'loss/generator': 9 })).toEqual({ convergence: expect.closeTo(0.24, 12) });
    expect(m.fromStep({ 'began/L_real': 0.2 })).toEqual({});
    expect(m.fromStep({ 'began/L_real': Number.NaN, 'began/L_fake': 0.1 })).toEqual({});
    const custom = new ConvergenceMetric({ gamma: 1, realKey: 'ebgan/real', fakeKey: 'ebgan/fake' });
    expect(custom.fromStep({ 'ebgan/real': 1, 'ebgan/fake': 3 })).toEqual({ convergence: 3 });
  });

  it('validates options and is provided as metric `convergence`', async () => {
    expect(() => new ConvergenceMetric({ gamma: 1.5 })).toThrow(ConfigError);
    expect(() => new ConvergenceMetric({ gama: 0.5 } as never)).toThrow(/Unknown option 'gama'/);
    expect(() => new ConvergenceMetric({ realKey: '' })).toThrow(/realKey/);
    const container = rootContainer.createChildContainer();
    registerPlugins(container, [convergencePlugin]);
    const m = await findProvider(container, 'metric', 'convergence').create({ gamma: 0.3 }, { seed: 0, container });
    expect((m as ConvergenceMetric).gamma).toBe(0.3);
    container.dispose();
  });
});
