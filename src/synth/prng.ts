/** Seeded, portable pseudo-random numbers: sfc32 streams keyed by (seed, label), plus the samplers the twin needs. */

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A 32-bit hash of a seed and labels, for deriving independent streams. */
export function hashKey(seed: number, ...labels: ReadonlyArray<string | number>): number {
  let h = fnv1a(labels.join("\u0001"));
  const mix = splitmix32((seed ^ h) >>> 0);
  h = mix() ^ Math.imul(seed | 0, 0x27d4eb2d);
  return splitmix32(h >>> 0)();
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | null = null;

  constructor(seed: number, ...labels: ReadonlyArray<string | number>) {
    const mix = splitmix32(hashKey(seed, ...labels));
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix() | 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[this.int(items.length)];
  }

  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return u * f;
  }

  /** exp(N(mu, sigma)). */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Marsaglia–Tsang gamma with unit scale. */
  gamma(shape: number): number {
    if (shape <= 0) throw new Error(`invalid gamma shape: ${shape}`);
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.next() || Number.MIN_VALUE, 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x = 0;
      let v = 0;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.next();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda < 30) {
      // inversion from one uniform; P(X > 0) < lambda, so most small rates return without exp()
      const u = this.next();
      if (u >= lambda) return 0;
      let p = Math.exp(-lambda);
      let cdf = p;
      let k = 0;
      const x = 1 - u;
      while (x > cdf && k < 200) {
        k++;
        p *= lambda / k;
        cdf += p;
      }
      return k;
    }
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
  }

  /** Number of failures before the first success, success probability p. */
  geometric(p: number): number {
    if (p >= 1) return 0;
    return Math.floor(Math.log(1 - this.next()) / Math.log(1 - p));
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }

  shuffleInts(items: Int32Array | Uint32Array, n: number = items.length): void {
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
  }
}

/** Vose alias table: O(1) draws from a fixed discrete distribution. */
export class AliasTable {
  readonly size: number;
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i];
      if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`invalid weight at ${i}: ${w}`);
      total += w;
    }
    if (n === 0 || total <= 0) throw new Error("alias table needs a positive total weight");
    this.size = n;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = new Float64Array(n);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) {
      scaled[i] = (weights[i] * n) / total;
      (scaled[i] < 1 ? small : large).push(i);
    }
    while (small.length && large.length) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.prob[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    for (const i of large) this.prob[i] = 1;
    for (const i of small) this.prob[i] = 1;
  }

  draw(rng: Rng): number {
    const x = rng.next() * this.size;
    const i = Math.floor(x);
    return x - i < this.prob[i] ? i : this.alias[i];
  }
}

/** Index of the first cumulative weight greater than x (cumulative must be non-decreasing). */
export function searchCumulative(cumulative: ArrayLike<number>, x: number, lo = 0, hi = cumulative.length - 1): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * A keyed bijection of [0, n): a 4-round Feistel network on the next power-of-four domain with
 * cycle walking, so ids look random yet never repeat.
 */
export class Permutation {
  private readonly halfBits: number;
  private readonly mask: number;
  private readonly keys: number[];

  constructor(readonly n: number, seed: number, label: string) {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 30) throw new Error(`invalid permutation size: ${n}`);
    let bits = 2;
    while (2 ** bits < n) bits += 2;
    this.halfBits = bits / 2;
    this.mask = (1 << this.halfBits) - 1;
    this.keys = [0, 1, 2, 3].map((r) => hashKey(seed, label, r));
  }

  at(index: number): number {
    if (!(index >= 0 && index < this.n)) throw new Error(`permutation index out of range: ${index}`);
    let x = index;
    do x = this.round(x);
    while (x >= this.n);
    return x;
  }

  private round(x: number): number {
    let left = x >>> this.halfBits;
    let right = x & this.mask;
    for (const key of this.keys) {
      let f = Math.imul(right ^ key, 0x9e3779b1);
      f ^= f >>> 15;
      f = Math.imul(f, 0x85ebca77) >>> 0;
      const next = (left ^ f) & this.mask;
      left = right;
      right = next;
    }
    return ((left << this.halfBits) | right) >>> 0;
  }
}
