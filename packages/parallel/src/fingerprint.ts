import type { Game } from '@gantry/core';

/**
 * A 64-bit hash (two FNV-1a streams) of the bits of every variable of every network
 * of a game, in a fixed order: equal fingerprints mean bit-identical weights (up to
 * hash collisions), which is how replicas are checked against each other cheaply.
 */
export function weightsFingerprint(game: Game): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (const name of Object.keys(game.models).sort()) {
    for (const v of game.models[name].variables) {
      const data = v.dataSync();
      const words = new Uint32Array(data.buffer, data.byteOffset, data.length);
      for (let i = 0; i < words.length; i++) {
        a = Math.imul(a ^ words[i], 0x01000193);
        b = Math.imul(b ^ words[i], 0x5bd1e995) ^ (b >>> 15);
      }
    }
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
