/**
 * BEGAN's global convergence measure (Berthelot et al. 2017,
 * https://arxiv.org/abs/1703.10717 §3.4.1):
 *
 * M_global = L(x) + |γ·L(x) − L(G(z))|
 *
 * — the reconstruction error of real data plus the absolute "process error" of
 * the k_t control loop. It falls as the model converges and rises on collapse.
 */
export function convergenceMeasure(lossReal: number, lossFake: number, gamma: number): number {
  return lossReal + Math.abs(gamma * lossReal - lossFake);
}
