/**
 * The Mersenne Twister MT19937, bit-exact with the reference implementation (and with numpy's
 * legacy RandomState, which seeds an integer with `init_genrand`).
 */
const N = 624;
const M = 397;

export class MT19937 {
  readonly key = new Uint32Array(N);
  pos = N;

  constructor(seed = 5489) {
    this.seed(seed);
  }

  /** Reference `init_genrand`: seeds from one 32-bit integer. */
  seed(seed: number): void {
    const key = this.key;
    key[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = key[i - 1] ^ (key[i - 1] >>> 30);
      // 1812433253 * prev + i, modulo 2^32, without losing bits to float rounding.
      key[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.pos = N;
  }

  /** Reference `init_by_array`: seeds from an array of 32-bit integers. */
  seedByArray(initKey: ArrayLike<number>): void {
    this.seed(19650218);
    const key = this.key;
    let i = 1;
    let j = 0;
    const len = initKey.length;
    for (let k = Math.max(N, len); k > 0; k--) {
      const prev = key[i - 1] ^ (key[i - 1] >>> 30);
      key[i] = ((key[i] ^ Math.imul(prev, 1664525)) + (initKey[j] >>> 0) + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        key[0] = key[N - 1];
        i = 1;
      }
      if (j >= len) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = key[i - 1] ^ (key[i - 1] >>> 30);
      key[i] = ((key[i] ^ Math.imul(prev, 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) {
        key[0] = key[N - 1];
        i = 1;
      }
    }
    key[0] = 0x80000000;
    this.pos = N;
  }

  private generate(): void {
    const key = this.key;
    let kk = 0;
    for (; kk < N - M; kk++) {
      const y = (key[kk] & 0x80000000) | (key[kk + 1] & 0x7fffffff);
      key[kk] = key[kk + M] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    for (; kk < N - 1; kk++) {
      const y = (key[kk] & 0x80000000) | (key[kk + 1] & 0x7fffffff);
      key[kk] = key[kk + (M - N)] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    const y = (key[N - 1] & 0x80000000) | (key[0] & 0x7fffffff);
    key[N - 1] = key[M - 1] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    this.pos = 0;
  }

  /** The next 32-bit unsigned integer (reference `genrand_int32`). */
  nextUint32(): number {
    if (this.pos >= N) this.generate();
    let y = this.key[this.pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A double in [0, 1) with 53 random bits (reference `genrand_res53`, numpy's `random_sample`). */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }
}
