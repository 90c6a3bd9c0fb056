export interface CloudWord { text: string; size: number; x?: number; y?: number; rotate?: number; [key: string]: unknown }
export interface Cloud<T extends CloudWord> {
  size(size: [number, number]): Cloud<T>;
  words(words: T[]): Cloud<T>;
  padding(p: number): Cloud<T>;
  rotate(r: number | ((d: T, i: number) => number)): Cloud<T>;
  font(f: string): Cloud<T>;
  fontSize(f: (d: T) => number): Cloud<T>;
  random(r: () => number): Cloud<T>;
  spiral(s: "archimedean" | "rectangular"): Cloud<T>;
  canvas(c: () => HTMLCanvasElement): Cloud<T>;
  timeInterval(t: number): Cloud<T>;
  on(type: "end", listener: (words: (T & {x: number; y: number; rotate: number})[], bounds: unknown) => void): Cloud<T>;
  start(): Cloud<T>;
  stop(): Cloud<T>;
}
export default function cloud<T extends CloudWord = CloudWord>(): Cloud<T>;
