import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {truthJson} from "../../loaders/generate.js";
import {readTruth, scanDropouts} from "../../loaders/truth.js";
import type {TwinTruth} from "../../src/synth/twin.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, {recursive: true, force: true})));

function withTruth(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "truth-"));
  dirs.push(dir);
  writeFileSync(join(dir, "truth.json"), text);
  return dir;
}

const bytes = (s: string) => new TextEncoder().encode(s);
/** What parsing the whole file gives: the list's ids with a day, ascending. */
const goneOf = (list: [number, string | null][]) => [...list.filter(([, d]) => d !== null).map(([id]) => id)].sort((a, b) => a - b);

// a truth shaped like the generator's, with the list in it (the other fields as the reader sees them)
function fakeTruth(list: [number, string | null][], definition = "gone after the last purchase"): TwinTruth {
  return {
    schema: "lpoint-twin-truth/1",
    generator: {scale: "tiny", seed: 7},
    weekdayMultipliers: {가구: [1, 1, 1, 1, 1, 0.9, 0.8]},
    customers: {dropout: {definition, gone: 2, active: 1, customers: list}}
  } as unknown as TwinTruth;
}

describe("scanDropouts", () => {
  it("reads the ids with a day from the generator's list, ascending", () => {
    const list: [number, string | null][] = [[20, "2018-05-29"], [3, null], [7, "2018-09-16"], [0, "x"]];
    expect([...scanDropouts(bytes(JSON.stringify(list)))!]).toEqual(goneOf(list));
    expect([...scanDropouts(bytes("[]"))!]).toEqual([]);
    expect([...scanDropouts(bytes("[[5,null]]"))!]).toEqual([]);
  });

  it("agrees with parsing the list, over random lists", () => {
    let s = 12345;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let k = 0; k < 50; k++) {
      const list = Array.from({length: Math.floor(rnd() * 40)}, (): [number, string | null] => [Math.floor(rnd() * 1e7), rnd() < 0.5 ? null : `2018-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`]);
      expect([...scanDropouts(bytes(JSON.stringify(list)))!]).toEqual(goneOf(list));
    }
  });

  it("refuses anything that is not exactly such a list", () => {
    for (const text of [
      "", "[", "[[1,null]", "[[1,null]],", "[[1,null]] ", "[ [1,null]]", "[[1, null]]", "[[-1,null]]", "[[01,null]]", "[[1.5,null]]",
      "[[1e3,null]]", '[["1",null]]', "[[1,nul]]", '[[1,"a\\"b"]]', '[[1,"a\nb"]]', "[[1,true]]", "[[1,null,2]]", "[[1,null]][[2,null]]",
      '[[1,"2018-05-29"],]', "[[]]", "[[,null]]", "[[1,null]]\r"
    ]) {
      expect(scanDropouts(bytes(text)), text).toBeNull();
    }
  });
});

describe("readTruth", () => {
  const list: [number, string | null][] = [[1, "2018-04-02"], [2, null], [9, "2018-06-30"], [4, "2018-05-01"]];

  it("reads the generator's file as parsing it whole does, without the list", () => {
    const text = truthJson(fakeTruth(list));
    const whole = JSON.parse(text);
    delete whole.customers.dropout.customers;
    const t = readTruth(withTruth(text))!;
    expect(t.value).toEqual(whole);
    expect([...t.gone!]).toEqual(goneOf(list));
  });

  it("gives the same for any other layout of the same JSON, and for the key in a string or another object", () => {
    const truth = {aside: {customers: [[5, "2018-01-01"]]}, ...fakeTruth(list, 'the "customers": [[ list')} as unknown as TwinTruth;
    const expected = readTruth(withTruth(truthJson(truth)))!;
    const {customers, ...rest} = truth.customers.dropout;
    for (const text of [
      JSON.stringify(truth),
      JSON.stringify(truth, null, 2).replaceAll("\n", "\r\n"),
      // the list first in its object: its line ends with a comma
      JSON.stringify({...truth, customers: {...truth.customers, dropout: {customers: "\u0000", ...rest}}}, null, 1).replace('"\\u0000"', JSON.stringify(customers))
    ]) {
      const t = readTruth(withTruth(text))!;
      expect(t.value).toEqual(expected.value);
      expect([...t.gone!]).toEqual(goneOf(list));
    }
    expect((expected.value.customers as {dropout: {definition: string}}).dropout.definition).toBe('the "customers": [[ list');
    expect(expected.value.aside).toEqual({customers: [[5, "2018-01-01"]]});
  });

  it("has no list when the file has none, nothing without a file, and names a file that is not JSON", () => {
    const none = readTruth(withTruth(JSON.stringify({schema: "x", customers: {dropout: {gone: 0}}})))!;
    expect(none.gone).toBeNull();
    expect(none.value).toEqual({schema: "x", customers: {dropout: {gone: 0}}});
    expect(readTruth(mkdtempSync(join(tmpdir(), "truth-none-")))).toBeNull();
    const bad = withTruth('{"customers": [[1,null]]');
    expect(() => readTruth(bad)).toThrow(`${join(bad, "truth.json")}: not JSON`);
    expect(() => readTruth(withTruth("[1, 2]"))).toThrow(/not a JSON object/);
  });
});
