/**
 * Day-by-day simulation of purchase sessions: 01.Product, 05.Session and 02.Search1 rows.
 *
 * Each day the drawn line count of every category is split into sessions, the sessions are
 * matched to the clients scheduled that day (iterative proportional fitting of the groups'
 * category mix to the day's totals, with a pull towards each client's favourite categories),
 * and the session variables are set from the client's group and the session's category, which
 * is what plants the behaviour patterns. Products are picked with stratified quantiles of the
 * popularity-by-price distribution, and for the report categories the day's prices are scaled
 * so that daily revenue follows expected demand closely.
 */
import {REPORT_CATEGORIES} from "../categories.js";
import {CLAC1_SPECS, clac1Index} from "./catalog.js";
import {fitMargins, GROUP_COUNT, MAIN_GROUP_IDS, MAIN_GROUPS, type BehaviourModel} from "./behaviour.js";
import {DEVICES, type Population} from "./customers.js";
import type {DemandModel} from "./demand.js";
import type {Vocabulary} from "./keywords.js";
import {optionText} from "./names.js";
import {AliasTable, Permutation, Rng} from "./prng.js";
import {productAt, type Catalog} from "./products.js";
import {ZONES} from "./regions.js";
import {FULL_COUNTS, scaled} from "./scale.js";

export interface ProductRow {
  clntId: number;
  sessId: number;
  hitsSeq: number;
  pdC: number;
  option: string;
  brand: string;
  /** PD_BUY_AM as recorded (in thousands for the quirk products) */
  price: number;
  quantity: number;
}

export interface SessionRow {
  clntId: number;
  sessId: number;
  sessSeq: number;
  /** YYYYMMDD */
  sessDt: number;
  pageViews: number | null;
  seconds: number | null;
  device: string;
  zone: string;
  city: string;
}

export interface Search1Row {
  clntId: number;
  sessId: number;
  keyword: string;
  count: number;
}

export interface DayBatch {
  date: string;
  products: ProductRow[];
  sessions: SessionRow[];
  searches: Search1Row[];
}

export interface PurchaseStats {
  sessions: number;
  lines: number;
  searchRows: number;
  searchingSessions: number;
  hitsSeqOne: number;
  pageViewNa: number;
  sessionTimeBlank: number;
  quirkLines: number;
  quirkProductsBought: Set<number>;
  bulkLines: Array<{clntId: number; sessId: number; pdC: number; quantity: number; date: string}>;
  /** per purchasing client: spend (corrected price × quantity, HITS_SEQ = 1 rows left out) */
  spend: Float64Array;
  firstDay: Int16Array;
  lastDay: Int16Array;
  purchaseDays: Int16Array;
  forcedKeywordRows: Map<string, number>;
}

const REPORT_NAMES = new Set(REPORT_CATEGORIES);
const REPORT = new Set(REPORT_CATEGORIES.map(clac1Index));

/** Mean lines per purchase session of a category (relative; the day's totals fix the level). */
function linesPerSession(name: string, meanPrice: number): number {
  const table: Record<string, number> = {
    "속옷/양말/홈웨어": 2.6, "화장품/뷰티케어": 2.2, "유아동의류": 2.2, "출산/육아용품": 2.2, "퍼스널케어": 2.3, "여성의류": 1.9,
    "남성의류": 2, "스포츠패션": 1.7, "패션잡화": 1.4, "건강식품": 1.6, "문구/사무용품": 2.5, "세제/위생": 2
  };
  return table[name] ?? (meanPrice > 150_000 ? 1.1 : 1.8);
}

/** P(quantity = 1, 2, …) per category; about 85% ones and 1.18 units per line overall (published facts of the real files). */
function quantityTable(name: string, meanPrice: number): number[][] {
  const clothing = ["여성의류", "남성의류", "스포츠패션", "패션잡화", "유아동의류", "시즌스포츠"];
  const consumable = ["세제/위생", "음료", "냉동식품", "냉장식품", "축산물", "과일", "원예/애완", "주방잡화", "문구/사무용품", "청소/세탁/욕실용품"];
  if (clothing.includes(name)) return [[1, 0.93], [2, 0.05], [3, 0.015], [4, 0.005]];
  // report categories keep short tails so that one line never dominates a day's revenue
  if (REPORT_NAMES.has(name)) return [[1, 0.8], [2, 0.14], [3, 0.04], [4, 0.02]];
  if (consumable.includes(name)) return [[1, 0.76], [2, 0.15], [3, 0.04], [4, 0.02], [5, 0.02], [10, 0.008], [20, 0.002]];
  if (meanPrice > 150_000) return [[1, 0.99], [2, 0.01]];
  return [[1, 0.88], [2, 0.09], [3, 0.02], [4, 0.01]];
}

const COMPANIONS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  "여성의류": {"패션잡화": 3, "화장품/뷰티케어": 2, "속옷/양말/홈웨어": 2, "스포츠패션": 1},
  "화장품/뷰티케어": {"퍼스널케어": 3, "여성의류": 2, "패션잡화": 1},
  "스포츠패션": {"패션잡화": 2, "남성의류": 2, "아웃도어/레저": 1, "시즌스포츠": 1},
  "남성의류": {"속옷/양말/홈웨어": 3, "스포츠패션": 2, "패션잡화": 2},
  "패션잡화": {"여성의류": 3, "스포츠패션": 1, "화장품/뷰티케어": 1},
  "속옷/양말/홈웨어": {"남성의류": 2, "여성의류": 2, "유아동의류": 2},
  "유아동의류": {"출산/육아용품": 3, "속옷/양말/홈웨어": 2, "완구": 1, "스포츠패션": 1},
  "시즌스포츠": {"스포츠패션": 2, "유아동의류": 1, "아웃도어/레저": 1},
  "출산/육아용품": {"유아동의류": 3, "완구": 1, "세제/위생": 1},
  "퍼스널케어": {"화장품/뷰티케어": 3, "세제/위생": 1, "건강식품": 1},
  "건강식품": {"음료": 2, "퍼스널케어": 1, "과일": 1}
};

/** Relative time per page of the main groups (the report's group averages differ, Methods page: behaviour segments). */
const GROUP_PACE: Readonly<Record<string, number>> = {"20F": 0.97, "20M": 0.98, "30F": 0.98, "30M": 0.93, "40F": 1.08, "40M": 1.03, "50F": 1.27};

const PAGE_MEDIAN = 62;
const PAGE_SIGMA = 0.72;
const SECONDS_PER_PAGE = 24;
const SEARCH_RATE = 0.6;
const SEARCH_ROWS = 1.1;
const BOUNCE_SHARE = 0.0052;
const HITS_ONE_SHARE = FULL_COUNTS.hitsSeqOne / FULL_COUNTS.productLines;
const SESSION_ID_REUSE = 0.05;
const MULTI_CATEGORY_SHARE = 0.15;

function roundPrice(x: number): number {
  return x >= 10_000 ? Math.round(x / 100) * 100 : Math.max(10, Math.round(x / 10) * 10);
}

function ymd(date: string): number {
  return Number(date.replaceAll("-", ""));
}

interface Session {
  client: number;
  group: number;
  category: number;
  lines: number[];
  swapped: boolean;
}

export interface PurchaseContext {
  seed: number;
  fraction: number;
  dates: readonly string[];
  demand: DemandModel;
  population: Population;
  behaviour: BehaviourModel;
  catalog: Catalog;
  vocabulary: Vocabulary;
}

export class PurchaseSimulator {
  readonly stats: PurchaseStats;
  /** expected revenue per line of each category, used as the daily revenue anchor */
  readonly revenuePerLine: Float64Array;
  private readonly favourite: Uint8Array;
  private readonly lambda: Float64Array;
  private readonly quantity: Array<{values: number[]; cdf: Float64Array}>;
  private readonly companions: Array<AliasTable | null>;
  private readonly companionIds: number[][];
  private readonly shareTable: AliasTable;
  private readonly naSessions: Set<number>;
  private readonly bulkDays: Map<number, number>;
  private readonly forced: Array<{day: number; keyword: string}>;
  private readonly sessionIds: Permutation;
  private freshIds = 0;
  private readonly ring: Array<{id: number; owner: number} | null> = new Array(4096).fill(null);
  private readonly lastSeen: Int16Array;
  private readonly pace: Float64Array;
  private sessionCounter = 0;

  constructor(private readonly ctx: PurchaseContext) {
    const {seed, population, behaviour, catalog, vocabulary, fraction, dates} = ctx;
    const rng = new Rng(seed, "purchase-setup");
    const groupTables = behaviour.lineMix.map((mix) => new AliasTable(mix));
    this.favourite = new Uint8Array(population.clients * 2);
    for (let k = 0; k < population.clients; k++) {
      const t = groupTables[population.group[k]];
      this.favourite[2 * k] = t.draw(rng);
      this.favourite[2 * k + 1] = t.draw(rng);
    }
    this.lambda = Float64Array.from(CLAC1_SPECS, (c) => linesPerSession(c.name, c.meanPrice));
    this.quantity = CLAC1_SPECS.map((c) => {
      const table = quantityTable(c.name, c.meanPrice);
      let acc = 0;
      return {values: table.map((t) => t[0]), cdf: Float64Array.from(table, (t) => (acc += t[1]))};
    });
    this.companionIds = CLAC1_SPECS.map((c) => Object.keys(COMPANIONS[c.name] ?? {}).map(clac1Index));
    this.companions = CLAC1_SPECS.map((c) => (COMPANIONS[c.name] ? new AliasTable(Object.values(COMPANIONS[c.name])) : null));
    this.shareTable = new AliasTable(CLAC1_SPECS.map((c) => c.share));
    this.revenuePerLine = Float64Array.from(CLAC1_SPECS, (c) => {
      let w = 0, m = 0;
      for (let g = 0; g < GROUP_COUNT; g++) {
        const share = behaviour.lineMix[g][c.index] * behaviour.groupLineShare[g];
        w += share;
        m += share * behaviour.priceFactor[g][c.index];
      }
      const q = this.quantity[c.index];
      let meanQ = 0, prev = 0;
      q.values.forEach((v, i) => { meanQ += v * (q.cdf[i] - prev); prev = q.cdf[i]; });
      return catalog.meanPrice[c.index] * (m / w) * meanQ;
    });

    this.naSessions = new Set<number>();
    const naCount = scaled(FULL_COUNTS.pageViewNa, fraction);
    while (this.naSessions.size < Math.min(naCount, population.sessions)) this.naSessions.add(rng.int(population.sessions));
    this.bulkDays = new Map();
    const bulk = scaled(3, fraction);
    for (let i = 0; i < bulk; i++) {
      const d = 5 + rng.int(dates.length - 10);
      this.bulkDays.set(d, (this.bulkDays.get(d) ?? 0) + 1);
    }
    this.forced = [];
    const plant = [...vocabulary.hostile.keys(), ...vocabulary.requested.keys()];
    for (const keyword of plant) for (let k = 0; k < 2; k++) this.forced.push({day: rng.int(dates.length), keyword});
    this.forced.sort((a, b) => a.day - b.day);
    const idSpace = Math.max(Math.round(population.sessions * 1.5), scaled(FULL_COUNTS.maxSessionId, fraction));
    this.sessionIds = new Permutation(idSpace, seed, "sess_id");
    this.lastSeen = new Int16Array(population.clients).fill(-1);
    this.pace = new Float64Array(GROUP_COUNT).fill(1);
    MAIN_GROUP_IDS.forEach((g, i) => (this.pace[g] = GROUP_PACE[MAIN_GROUPS[i]]));

    this.stats = {
      sessions: 0, lines: 0, searchRows: 0, searchingSessions: 0, hitsSeqOne: 0, pageViewNa: 0, sessionTimeBlank: 0,
      quirkLines: 0, quirkProductsBought: new Set(), bulkLines: [],
      spend: new Float64Array(population.clients),
      firstDay: new Int16Array(population.clients).fill(-1),
      lastDay: new Int16Array(population.clients).fill(-1),
      purchaseDays: new Int16Array(population.clients),
      forcedKeywordRows: new Map()
    };
  }

  /** One batch of rows per day, in date order. */
  *days(): Generator<DayBatch> {
    for (let d = 0; d < this.ctx.dates.length; d++) yield this.day(d);
  }

  private sessionId(rng: Rng, client: number): number {
    if (rng.chance(SESSION_ID_REUSE)) {
      const slot = rng.int(this.ring.length);
      const entry = this.ring[slot];
      if (entry && entry.owner !== client) {
        this.ring[slot] = null;
        return entry.id;
      }
    }
    const id = this.sessionIds.at(this.freshIds++) + 1;
    this.ring[rng.int(this.ring.length)] = {id, owner: client};
    return id;
  }

  private day(d: number): DayBatch {
    const {demand, population, behaviour, catalog, vocabulary, seed, dates} = this.ctx;
    const rng = new Rng(seed, "day", d);
    const nc = CLAC1_SPECS.length;
    const date = dates[d];
    const sessDt = ymd(date);

    const s0 = population.dayStart[d];
    const clients = Int32Array.from(population.dayClient.subarray(s0, population.dayStart[d + 1]));
    rng.shuffleInts(clients);
    const lineCount = Int32Array.from(demand.lines, (l) => l[d]);
    const totalLines = lineCount.reduce((a, b) => a + b, 0);
    const S = Math.min(clients.length, totalLines);

    // sessions per category: lines / lines-per-session, scaled to the day's sessions, at most one per line
    const want = Float64Array.from(lineCount, (n, c) => n / this.lambda[c]);
    const wantTotal = want.reduce((a, b) => a + b, 0);
    const perCategory = new Int32Array(nc);
    let assigned = 0;
    for (let c = 0; c < nc; c++) {
      perCategory[c] = Math.min(lineCount[c], Math.floor((want[c] * S) / wantTotal));
      assigned += perCategory[c];
    }
    while (assigned < S) {
      let best = -1, bestGap = -Infinity;
      for (let c = 0; c < nc; c++) {
        if (perCategory[c] >= lineCount[c]) continue;
        const gap = (want[c] * S) / wantTotal - perCategory[c];
        if (gap > bestGap) { bestGap = gap; best = c; }
      }
      perCategory[best]++;
      assigned++;
    }

    // match sessions to categories: fit the groups' mixes to today's totals, then draw without replacement
    const groupSessions = new Float64Array(GROUP_COUNT);
    for (let i = 0; i < S; i++) groupSessions[population.group[clients[i]]]++;
    const fitted = fitMargins(behaviour.lineMix, groupSessions, perCategory, 12);
    const remaining = Int32Array.from(perCategory);
    const sessions: Session[] = new Array(S);
    const weights = new Float64Array(nc);
    for (let i = 0; i < S; i++) {
      const client = clients[i];
      const g = population.group[client];
      const row = fitted[g];
      const f1 = this.favourite[2 * client], f2 = this.favourite[2 * client + 1];
      let total = 0;
      for (let c = 0; c < nc; c++) {
        const w = remaining[c] > 0 ? row[c] * (c === f1 || c === f2 ? 4 : 1) : 0;
        weights[c] = w;
        total += w;
      }
      if (total <= 1e-12) {
        for (let c = 0; c < nc; c++) total += weights[c] = remaining[c];
      }
      let x = rng.next() * total;
      let c = 0;
      while (c < nc - 1 && (x -= weights[c]) >= 0) c++;
      while (remaining[c] === 0) c = (c + 1) % nc;
      remaining[c]--;
      row[c] = Math.max(0, row[c] - 1);
      sessions[i] = {client, group: g, category: c, lines: [c], swapped: false};
    }

    // the rest of each category's lines go to its sessions, more to clients with bigger baskets
    const byCategory: number[][] = Array.from({length: nc}, () => []);
    for (let i = 0; i < S; i++) byCategory[sessions[i].category].push(i);
    for (let c = 0; c < nc; c++) {
      const list = byCategory[c];
      let extra = lineCount[c] - list.length;
      if (extra <= 0) continue;
      if (list.length === 0) {
        // no session of this category today: the lines ride along in random sessions
        for (; extra > 0; extra--) sessions[rng.int(S)].lines.push(c);
        continue;
      }
      const cum = new Float64Array(list.length);
      let acc = 0;
      list.forEach((i, k) => (cum[k] = acc += population.basket[sessions[i].client] * rng.exponential(1)));
      const step = acc / extra;
      let pos = rng.next() * step;
      for (let k = 0; k < list.length && extra > 0; k++) {
        while (pos < cum[k] && extra > 0) {
          sessions[list[k]].lines.push(c);
          pos += step;
          extra--;
        }
      }
      for (; extra > 0; extra--) sessions[list[rng.int(list.length)]].lines.push(c);
    }

    // some sessions swap a line with a session of a companion category (co-purchases)
    const pools = byCategory.map((list) => rng.shuffle(list.filter((i) => sessions[i].lines.length >= 2)));
    const cursor = new Int32Array(nc);
    for (let i = 0; i < S; i++) {
      const s = sessions[i];
      if (s.lines.length < 2 || s.swapped || !rng.chance(MULTI_CATEGORY_SHARE)) continue;
      const table = this.companions[s.category];
      const partner = table ? this.companionIds[s.category][table.draw(rng)] : this.shareTable.draw(rng);
      if (partner === s.category) continue;
      const pool = pools[partner];
      while (cursor[partner] < pool.length && sessions[pool[cursor[partner]]].swapped) cursor[partner]++;
      if (cursor[partner] >= pool.length) continue;
      const other = sessions[pool[cursor[partner]++]];
      s.lines[s.lines.length - 1] = partner;
      other.lines[other.lines.length - 1] = s.category;
      s.swapped = other.swapped = true;
    }

    // session rows and search rows
    const sessionRows: SessionRow[] = new Array(S);
    // lines in one flat layout: session i owns [offset[i], offset[i + 1])
    const offset = new Int32Array(S + 1);
    for (let i = 0; i < S; i++) offset[i + 1] = offset[i] + sessions[i].lines.length;
    const L = offset[S];
    const hits = new Int32Array(L);
    const searches: Search1Row[] = [];
    const seen = new Set<number>();
    for (let i = 0; i < S; i++) {
      const s = sessions[i];
      const k = s.client;
      const g = s.group;
      const c = s.category;
      const global = this.sessionCounter++;
      const na = this.naSessions.has(global);
      const bounce = !na && rng.chance(BOUNCE_SHARE);
      const fT = behaviour.sessionFactor[0][g][c], fP = behaviour.sessionFactor[1][g][c], fS = behaviour.sessionFactor[2][g][c];
      const pages = na ? null : bounce ? 1 : Math.min(499, Math.max(1, Math.round(PAGE_MEDIAN * fP * Math.exp(PAGE_SIGMA * rng.normal()))));
      const perPage = SECONDS_PER_PAGE * (fT / fP) * this.pace[g] * (population.isNew[k] ? 1.5 : 1) * Math.exp(0.35 * rng.normal());
      const seconds = pages === null || bounce ? null : Math.max(1, Math.round(pages * perPage));
      if (na) this.stats.pageViewNa++;
      if (seconds === null) this.stats.sessionTimeBlank++;

      const hitCount = Math.max(s.lines.length + 2, Math.round((pages ?? PAGE_MEDIAN) * rng.range(1.4, 2.2)));
      for (let x = offset[i]; x < offset[i + 1]; x++) hits[x] = Math.min(500, 2 + Math.floor((hitCount - 1) * Math.pow(rng.next(), 0.5)));
      hits.subarray(offset[i], offset[i + 1]).sort();

      if (this.lastSeen[k] >= 0) population.nextSeq[k] += rng.poisson(0.4 * (d - this.lastSeen[k]));
      const sessSeq = population.nextSeq[k]++;
      if (this.stats.lastDay[k] !== d) {
        this.stats.purchaseDays[k]++;
        if (this.stats.firstDay[k] < 0) this.stats.firstDay[k] = d;
        this.stats.lastDay[k] = d;
      }
      this.lastSeen[k] = d;
      const device = rng.chance(0.03) ? (population.device[k] === 0 ? (rng.chance(0.97) ? 1 : 2) : 0) : population.device[k];
      const zone = ZONES[population.zone[k]];
      const city = rng.chance(0.03) ? rng.pick(zone.cities).name : zone.cities[population.city[k]].name;
      const clntId = population.id[k];
      const sessId = this.sessionId(rng, k);
      sessionRows[i] = {clntId, sessId, sessSeq, sessDt, pageViews: pages, seconds, device: DEVICES[device], zone: zone.name, city};

      const intensity = fS * population.searchPropensity[k];
      const forcedNow = this.forced.length > 0 && this.forced[0].day <= d;
      if (forcedNow || rng.chance(1 - Math.exp(-SEARCH_RATE * intensity))) {
        const rows = Math.min(30, 1 + rng.poisson(SEARCH_ROWS * intensity));
        seen.clear();
        for (let r = 0; r < rows; r++) {
          let keyword = -1;
          if (r === 0 && forcedNow) {
            const f = this.forced.shift()!;
            keyword = vocabulary.requested.get(f.keyword) ?? vocabulary.hostile.get(f.keyword) ?? -1;
            this.stats.forcedKeywordRows.set(f.keyword, (this.stats.forcedKeywordRows.get(f.keyword) ?? 0) + 1);
          }
          for (let attempt = 0; keyword < 0 || (seen.has(keyword) && attempt < 5); attempt++) {
            const x = rng.next();
            const cat = x < 0.7 ? c : x < 0.9 ? rng.pick(s.lines) : this.shareTable.draw(rng);
            const pool = vocabulary.byCategory[cat];
            keyword = pool.ids[pool.table.draw(rng)];
          }
          if (seen.has(keyword)) continue;
          seen.add(keyword);
          // keen searchers repeat a keyword more often, so searching sessions differ too
          const count = rng.chance(0.005) ? 10 + rng.int(83) : 1 + rng.geometric(Math.min(0.9, 0.66 / Math.pow(intensity, 0.4)));
          searches.push({clntId, sessId, keyword: vocabulary.text[keyword], count});
        }
        this.stats.searchingSessions++;
      }
    }

    // products: stratified quantiles per category, then the day's price level for report categories
    const lineSession = new Int32Array(L);
    const lineCategory = new Int32Array(L);
    const catStart = new Int32Array(nc + 1);
    for (let i = 0; i < S; i++) {
      const lines = sessions[i].lines;
      for (let j = 0; j < lines.length; j++) {
        lineSession[offset[i] + j] = i;
        lineCategory[offset[i] + j] = lines[j];
        catStart[lines[j] + 1]++;
      }
    }
    for (let c = 0; c < nc; c++) catStart[c + 1] += catStart[c];
    const byCat = new Int32Array(L);
    const fill = catStart.slice(0, nc);
    for (let x = 0; x < L; x++) byCat[fill[lineCategory[x]]++] = x;

    const product = new Int32Array(L);
    const quantity = new Int32Array(L);
    const truePrice = new Float64Array(L);
    const u = new Float64Array(L);
    const v = new Float64Array(L);
    const strata = (out: Float64Array, n: number) => {
      for (let i = 0; i < n; i++) out[i] = (i + rng.next()) / n;
      for (let i = n - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const t = out[i]; out[i] = out[j]; out[j] = t;
      }
    };
    // HITS_SEQ = 1 rows (ignored by readers) only where the session keeps another line
    const hasHitsOne = new Uint8Array(S);
    for (let c = 0; c < nc; c++) {
      const n = catStart[c + 1] - catStart[c];
      if (n === 0) continue;
      strata(u, n);
      strata(v, n);
      const q = this.quantity[c];
      let kept = 0, revenue = 0;
      for (let r = 0; r < n; r++) {
        const x = byCat[catStart[c] + r];
        const i = lineSession[x];
        const p = productAt(catalog, c, u[r]);
        let qi = 0;
        while (qi < q.cdf.length - 1 && v[r] >= q.cdf[qi]) qi++;
        product[x] = p;
        quantity[x] = q.values[qi];
        truePrice[x] = catalog.price[p] * behaviour.priceFactor[sessions[i].group][c] * demand.priceLevel[d];
        if (offset[i + 1] - offset[i] >= 2 && !hasHitsOne[i] && rng.chance(HITS_ONE_SHARE)) {
          hits[x] = 1;
          hasHitsOne[i] = 1;
        }
        if (hits[x] !== 1) {
          kept++;
          revenue += truePrice[x] * quantity[x];
        }
      }
      if (REPORT.has(c) && kept > 0) {
        const target = (demand.target[c][d] * this.revenuePerLine[c] * demand.priceLevel[d] * kept) / n;
        const scale = Math.min(2, Math.max(0.5, target / revenue));
        for (let r = 0; r < n; r++) truePrice[byCat[catStart[c] + r]] *= scale;
      }
    }
    const bulk = this.bulkDays.get(d) ?? 0;
    if (bulk > 0) {
      const stationery = clac1Index("문구/사무용품");
      let candidates = Array.from(byCat.subarray(catStart[stationery], catStart[stationery + 1]));
      if (candidates.length === 0) candidates = Array.from(byCat).filter((x) => !REPORT.has(lineCategory[x]));
      for (let b = 0; b < bulk && candidates.length; b++) {
        const x = candidates[rng.int(candidates.length)];
        const i = lineSession[x];
        const c = lineCategory[x];
        product[x] = catalog.start[c];
        truePrice[x] = catalog.price[catalog.start[c]];
        quantity[x] = 1000 + rng.int(600);
        if (hits[x] === 1) hits[x] = 2;
        this.stats.bulkLines.push({clntId: sessionRows[i].clntId, sessId: sessionRows[i].sessId, pdC: catalog.pdC[catalog.start[c]], quantity: quantity[x], date});
      }
    }

    const products: ProductRow[] = [];
    for (let i = 0; i < S; i++) {
      const s = sessions[i];
      const row = sessionRows[i];
      const k = s.client;
      for (let x = offset[i]; x < offset[i + 1]; x++) {
        const p = product[x];
        const price = roundPrice(truePrice[x]);
        const quirk = catalog.quirk[p] === 1;
        if (quirk) {
          this.stats.quirkLines++;
          this.stats.quirkProductsBought.add(p);
        }
        if (hits[x] === 1) this.stats.hitsSeqOne++;
        else this.stats.spend[k] += price * quantity[x];
        products.push({
          clntId: row.clntId,
          sessId: row.sessId,
          hitsSeq: hits[x],
          pdC: catalog.pdC[p],
          option: optionText(rng, quantity[x]),
          brand: catalog.brands[catalog.brand[p]].display,
          price: quirk ? Math.max(1, Math.round(price / 1000)) : price,
          quantity: quantity[x]
        });
      }
    }
    this.stats.sessions += S;
    this.stats.lines += products.length;
    this.stats.searchRows += searches.length;
    return {date, products, sessions: sessionRows, searches};
  }
}
