/** Korean free text of the twin: brand names, product names, option strings and search keywords. */
import {Rng} from "./prng.js";

/** Strings that break naive CSV, HTML or spreadsheet handling; a few land in every free-text file. */
export const HOSTILE_STRINGS: readonly string[] = [
  "<img src=x onerror=alert(1)>",
  "=HYPERLINK(\"http://x\",\"y\")",
  "+cmd",
  "@SUM(1)",
  "<script>alert(\"x\")</script>",
  "\"따옴표, 쉼표\" 키워드"
];

const HANGUL_SYLLABLES = (
  "라 레 로 루 리 마 메 모 무 미 바 베 보 부 비 사 세 소 수 시 아 에 오 우 이 자 제 조 주 지 카 케 코 쿠 키 타 테 토 " +
  "투 티 파 페 포 푸 피 하 헤 호 후 히 니 노 나 네 누 다 데 도 디 벨 엘 르 린 솔 몽 셀 렌 블 플 크 스 드 트 즈 쥬 샤 " +
  "쇼 쉐 엔 온 안 인 앤 밀 실 킨 빈 진 윈 델 넬 랑 롱 쏘 띠 뽀"
).split(" ");
const LATIN_SYLLABLES = "KA LO MI NE RA SO TE VI ZE BE DA FI GO LU MA NO PE RI SA TO VE JU CO EL AN ON IS AR".split(" ");

const FASHION_DESCRIPTORS = (
  "린넨 오버핏 슬림 베이직 스트라이프 플라워 데일리 여름 봄 간절기 루즈핏 라운드 브이넥 체크 도트 와이드 " +
  "크롭 롱 미니 쿨링 심플 클래식 빅사이즈 신상 시그니처 에센셜 소프트 컴포트"
).split(" ");
const GENERAL_DESCRIPTORS = "프리미엄 신상 특가 한정 대용량 미니 시그니처 에센셜 베이직 프로 플러스 스마트 클래식 데일리 1+1 기획".split(" ");
const FASHION_CLAC1 = new Set(["여성의류", "남성의류", "스포츠패션", "패션잡화", "속옷/양말/홈웨어", "유아동의류", "시즌스포츠"]);

function descriptors(clac1: string): readonly string[] {
  return FASHION_CLAC1.has(clac1) ? FASHION_DESCRIPTORS : GENERAL_DESCRIPTORS;
}
const COLORS = "블랙 화이트 네이비 베이지 그레이 아이보리 카키 핑크 블루 레드 차콜 오트밀 민트 옐로우 BLACK WHITE ivory NAVY".split(" ");
const SIZES = "FREE S M L XL 55 66 77 90 95 100 105 110 230mm 240mm 250mm 260mm 120 130 140 150".split(" ");
const GENDER_WORDS = ["여성", "여자", "남성", "남자", "아동", "키즈", "유아"];

function syllables(rng: Rng, pool: readonly string[], min: number, max: number): string {
  const n = min + rng.int(max - min + 1);
  let s = "";
  for (let i = 0; i < n; i++) s += rng.pick(pool);
  return s;
}

export interface Brand {
  /** the bare name, used in keywords */
  name: string;
  /** PD_BRA_NM as written in Product (may carry brackets or a suffix) */
  display: string;
}

/** Distinct brand names for one CLAC1, unique across calls through `taken`. */
export function makeBrands(rng: Rng, count: number, clac1: string, taken: Set<string>): Brand[] {
  const out: Brand[] = [];
  const kids = clac1.startsWith("유아동") || clac1 === "출산/육아용품" || clac1 === "완구";
  for (let attempt = 0; out.length < count && attempt < count * 50; attempt++) {
    const latin = rng.chance(0.25);
    const name = latin ? syllables(rng, LATIN_SYLLABLES, 2, 3) : syllables(rng, HANGUL_SYLLABLES, 2, 4);
    if (taken.has(name)) continue;
    taken.add(name);
    let display = name;
    const r = rng.next();
    if (r < 0.35) display = `[${name}]`;
    else if (kids && r < 0.5) display = `${name} 키즈`;
    else if (clac1 === "패션잡화" && r < 0.45) display = `${name}(주얼리)`;
    out.push({name, display});
  }
  if (out.length < count) throw new Error(`could not make ${count} distinct brand names for ${clac1}`);
  return out;
}

function modelCode(rng: Rng): string {
  switch (rng.int(4)) {
    case 0: return `${100000 + rng.int(9000000)}-${String(rng.int(1000)).padStart(3, "0")}`;
    case 1: return `${16 + rng.int(3)}${rng.pick(["SS", "FW", "HS"])}-${1000 + rng.int(9000)}`;
    case 2: return `${rng.pick(LATIN_SYLLABLES)}${100 + rng.int(900)}_${String(rng.int(20)).padStart(2, "0")}`;
    default: return `${rng.pick(LATIN_SYLLABLES)}${rng.int(100)}`;
  }
}

/** PD_NM for one product; hostile names are placed by the caller. */
export function productName(rng: Rng, brand: Brand, clac1: string, clac3: string): string {
  const parts: string[] = [];
  const b = rng.next();
  if (b < 0.4) parts.push(`[${brand.name}]`);
  else if (b < 0.8) parts.push(brand.name);
  if (rng.chance(0.6)) parts.push(rng.pick(descriptors(clac1)));
  parts.push(clac3);
  if (rng.chance(0.7)) parts.push(modelCode(rng));
  let name = parts.join(" ");
  if (FASHION_CLAC1.has(clac1) ? rng.chance(0.7) : rng.chance(0.15)) {
    const color = rng.chance(0.06) ? `${rng.pick(COLORS)}, ${rng.pick(COLORS)}` : rng.pick(COLORS);
    name += ` - ${color} / ${rng.pick(SIZES)}`;
  }
  if (rng.chance(0.08)) name += ` ◈${10000000 + rng.int(89999999)}◈`;
  if (rng.chance(0.01)) name = name.replace(clac3, `"${clac3}"`);
  if (rng.chance(0.004)) name = `=${name}`;
  return name;
}

/** PD_ADD_NM: the chosen option, "(not set)" when there is none. */
export function optionText(rng: Rng, quantity: number): string {
  const r = rng.next();
  if (r < 0.08) return "(not set)";
  if (r < 0.22) return `${quantity}개`;
  if (r < 0.45) return `색상:${rng.pick(COLORS)}`;
  if (r < 0.75) return `색상:${rng.pick(COLORS)}|사이즈:${rng.pick(SIZES)}`;
  if (r < 0.9) return `사이즈:${rng.pick(SIZES)} / ${quantity}개`;
  if (r < 0.995) {
    const code = `${rng.pick(LATIN_SYLLABLES)}${rng.int(10)}`;
    return `색상:${code}_(${code})${rng.pick(COLORS).toUpperCase()}|사이즈:${rng.pick(SIZES)} / ${quantity}개`;
  }
  return `색상:${rng.pick(COLORS)}, ${rng.pick(COLORS)}`;
}

export interface KeywordSeed {
  text: string;
  weight: number;
}

/** Generic item words of a CLAC2's CLAC3 names ("여성런닝화" also gives "런닝화"). */
export function itemWords(clac3: readonly string[]): string[] {
  const words = new Set<string>();
  for (const name of clac3) {
    for (const part of name.split("/")) {
      words.add(part);
      for (const g of GENDER_WORDS) if (part.startsWith(g) && part.length > g.length + 1) words.add(part.slice(g.length));
    }
  }
  return [...words];
}

/**
 * Up to `count` distinct keywords for one CLAC1 with popularity weights: generic items are the
 * most searched, then brands, then brand+item and longer combinations.
 */
export function makeKeywords(rng: Rng, count: number, clac1: string, items: readonly KeywordSeed[], brands: readonly Brand[], taken: Set<string>): KeywordSeed[] {
  const out: KeywordSeed[] = [];
  const words = descriptors(clac1);
  const add = (text: string, weight: number) => {
    if (out.length >= count || taken.has(text)) return;
    taken.add(text);
    out.push({text, weight: weight * rng.lognormal(0, 0.6)});
  };
  for (const item of items) add(item.text, item.weight);
  const brandWeight = (i: number) => 12 / Math.pow(i + 1, 0.9);
  for (let i = 0; i < brands.length && i < count; i++) add(brands[i].name, brandWeight(i));
  for (let attempt = 0; out.length < count && attempt < count * 30; attempt++) {
    const item = rng.pick(items).text;
    const bi = Math.min(brands.length - 1, Math.floor(Math.pow(rng.next(), 2.5) * brands.length));
    const brand = brands[bi];
    switch (rng.int(7)) {
      case 0: add(`${brand.name} ${item}`, brandWeight(bi) * 0.5); break;
      case 1: add(`${brand.name}${item}`, brandWeight(bi) * 0.3); break;
      case 2: add(`${rng.pick(GENDER_WORDS)}${item}`, 3); break;
      case 3: add(`${rng.pick(words)}${item}`, 2); break;
      case 4: add(`${rng.pick(words)} ${item}`, 1); break;
      case 5: add(`${brand.name} ${modelCode(rng)}`, 0.2); break;
      default: add(`${brand.name.toLowerCase()} ${rng.pick(GENDER_WORDS)}${item}`, 0.15); break;
    }
  }
  return out;
}
