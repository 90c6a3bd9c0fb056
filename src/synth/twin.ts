/**
 * The synthetic twin of the six competition files: one seeded world (weather, demand, clients,
 * catalogue, vocabulary) and lazy row generators over it, plus the planted truths.
 */
import type {CalendarDay} from "../calendar.js";
import {REPORT_CATEGORIES} from "../categories.js";
import {BIT_VARIABLES, buildBehaviour, GROUP_COUNT, groupAge, groupGender, MAIN_GROUP_IDS, MAIN_GROUPS, modalPatterns, NON_MEMBER, type BehaviourModel} from "./behaviour.js";
import {CLAC1_SPECS, CLAC2_SPECS} from "./catalog.js";
import {ARCHETYPES, buildPopulation, REPEAT_HISTORY_PERIODS, REPEAT_PROCESS, type Population} from "./customers.js";
import {RAW_FILE_NAMES, TRUTH_FILE_NAME, WEATHER_FILE_NAME, type CustomRow} from "./csv.js";
import {buildDemand, PRICE_TREND, type DemandModel} from "./demand.js";
import {buildVocabulary, type Vocabulary} from "./keywords.js";
import {HOSTILE_STRINGS} from "./names.js";
import {buildCatalog, masterRows, type Catalog, type MasterRow} from "./products.js";
import {PurchaseSimulator, type DayBatch} from "./purchases.js";
import {DEFAULT_SCALE, DEFAULT_SEED, FULL_COUNTS, parseScale, parseSeed, scaled, SCALE_FRACTION, type Scale} from "./scale.js";
import {Search2Model, type Search2Row} from "./search2.js";
import {formatWeatherRow, generateWeather, KMA_HEADER, type WeatherSeries} from "./weather.js";

export interface TwinOptions {
  calendar: readonly CalendarDay[];
  scale?: Scale;
  seed?: number;
  /** keywords planted high enough in Search2 to reach the top 200, and present in Search1 */
  hostileKeywords?: readonly string[];
}

export interface Twin {
  scale: Scale;
  seed: number;
  fraction: number;
  calendar: readonly CalendarDay[];
  weather: WeatherSeries;
  demand: DemandModel;
  population: Population;
  behaviour: BehaviourModel;
  catalog: Catalog;
  vocabulary: Vocabulary;
  masterRows(): Generator<MasterRow>;
  customRows(): Generator<CustomRow>;
  /** Product, Session and Search1 rows, one day at a time; can be consumed once */
  purchaseDays(): Generator<DayBatch>;
  search2Days(): Generator<Search2Row[]>;
  /** the KMA export lines, header first */
  weatherLines(): string[];
  /** the planted truths; call after purchaseDays() is exhausted */
  truth(): TwinTruth;
}

const VOCABULARY_FULL = 110_000;

export function createTwin(options: TwinOptions): Twin {
  const scale = parseScale(options.scale ?? DEFAULT_SCALE);
  const seed = parseSeed(options.seed ?? DEFAULT_SEED);
  const {calendar} = options;
  if (!Array.isArray(calendar) || calendar.length === 0) throw new Error(`invalid calendar: expected the period's days, got ${calendar?.length ?? calendar}`);
  const hostileKeywords = [...(options.hostileKeywords ?? [])];
  const fraction = SCALE_FRACTION[scale];
  const dates = calendar.map((d) => d.date);

  const weather = generateWeather(seed, dates);
  const demand = buildDemand({seed, calendar, weather, totalLines: FULL_COUNTS.productLines * fraction});
  const dayWeight = dates.map((_, d) => demand.expected.reduce((s, e) => s + e[d], 0));
  const population = buildPopulation({seed, fraction, dayWeight});
  const catalog = buildCatalog(seed, fraction);
  let memberSessions = 0;
  for (let k = 0; k < population.sessions; k++) if (population.group[population.dayClient[k]] !== NON_MEMBER) memberSessions++;
  const behaviour = buildBehaviour({seed, memberLineShare: memberSessions / population.sessions, categoryPrice: Array.from(catalog.meanPrice)});
  const vocabulary = buildVocabulary({seed, size: scaled(VOCABULARY_FULL, Math.pow(fraction, 0.8), 500), catalog, hostileKeywords});
  const purchases = new PurchaseSimulator({seed, fraction, dates, demand, population, behaviour, catalog, vocabulary});
  const search2 = new Search2Model({seed, demand, vocabulary, rows: FULL_COUNTS.search2Rows * fraction});
  let purchasesDone = false;
  let purchasesStarted = false;

  const twin: Twin = {
    scale, seed, fraction, calendar, weather, demand, population, behaviour, catalog, vocabulary,
    masterRows: () => masterRows(catalog),
    *customRows() {
      for (let k = 0; k < population.id.length; k++) {
        const g = population.group[k];
        if (g !== NON_MEMBER) yield {clntId: population.id[k], gender: groupGender(g), age: groupAge(g)};
      }
    },
    *purchaseDays() {
      if (purchasesStarted) throw new Error("purchaseDays() can be consumed once per twin");
      purchasesStarted = true;
      yield* purchases.days();
      purchasesDone = true;
    },
    search2Days: () => search2.days(),
    weatherLines: () => [KMA_HEADER, ...weather.days.map(formatWeatherRow)],
    truth() {
      if (!purchasesDone) throw new Error("truth() needs purchaseDays() to have run to the end");
      return buildTruth(twin, purchases, search2, hostileKeywords);
    }
  };
  return twin;
}

export interface TwinTruth {
  schema: "lpoint-twin-truth/1";
  generator: {scale: Scale; seed: number; fraction: number; hostileKeywords: string[]};
  files: Record<string, string>;
  period: {start: string; end: string; days: number};
  counts: Record<string, number>;
  weekdayMultipliers: Record<string, number[]>;
  demandEffects: Record<string, {
    monthTrend: number[]; tempCoef: number; rainCoef: number; dayOffMultiplier: number;
    holidayMultipliers: Record<string, number>; baseLinesPerDay: number;
  }>;
  demand: {
    formula: string;
    weekdayIndex: string;
    monthTrend: string;
    temperature: {mean: number; sd: number};
    wetDefinition: string;
    dailyNoiseSd: number;
    revenueAnchor: string;
    priceTrend: number[];
    revenuePerLine: Record<string, number>;
    events: Array<{name: string; start: string; end: string; multipliers: Record<string, number>}>;
  };
  behaviour: {
    bitOrder: readonly string[];
    definition: string;
    groups: readonly string[];
    patterns: Record<string, Record<string, string>>;
    modal: Record<string, string[]>;
    reportCategories: readonly string[];
    factors: Record<string, Record<string, {time: number; pageViews: number; searches: number; price: number}>>;
    expectedLines: Record<string, Record<string, number>>;
  };
  customers: {
    archetypes: Record<string, number>;
    archetypeDefinitions: Record<string, string>;
    realized: {
      definitions: string;
      frequency: Record<string, number>;
      recency: Record<string, number>;
      monetary: Record<string, number>;
      valueTiers: Record<string, number>;
      shareUnder1m: number;
    };
    dropout: TwinDropout;
  };
  prices: {
    thousandsQuirk: {rule: string; lines: number; products: Array<{pdC: number; clac1: string; clac2: string; truePrice: number; recordedPrice: number; bought: boolean}>};
    bulkQuantityLines: Array<{clntId: number; sessId: number; pdC: number; quantity: number; date: string}>;
  };
  quirks: Record<string, unknown>;
  weather: {file: string; monthlyMeanTemp: number[]; monthlyPrecipMm: number[]; wetDays: number; traceDays: number};
}

/** Every purchasing client's planted drop-out, and the shares the lifetime-value models should find. */
export interface TwinDropout {
  definition: string;
  process: typeof REPEAT_PROCESS & {historyPeriods: number};
  /** purchasing clients who left before the period ended / are still buying at its end */
  gone: number;
  active: number;
  /** the same over clients with at least two purchase days in the files (repeat buyers: the only ones BG/NBD can see leave) */
  repeatBuyers: {customers: number; gone: number; goneShare: number; byArchetype: Record<string, {customers: number; gone: number}>};
  /** [CLNT_ID, the date of the last purchase before leaving, or null = still active at the period's end], by CLNT_ID */
  customers: Array<[number, string | null]>;
}

function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function buildTruth(twin: Twin, purchases: PurchaseSimulator, search2: Search2Model, hostileKeywords: string[]): TwinTruth {
  const {demand, behaviour, population, catalog, weather, calendar} = twin;
  const stats = purchases.stats;
  const names = CLAC1_SPECS.map((c) => c.name);

  const weekdayMultipliers: Record<string, number[]> = {};
  const demandEffects: TwinTruth["demandEffects"] = {};
  demand.categories.forEach((c) => {
    weekdayMultipliers[c.clac1] = c.weekday;
    demandEffects[c.clac1] = {
      monthTrend: c.monthTrend, tempCoef: c.tempCoef, rainCoef: c.rainCoef, dayOffMultiplier: c.dayOffMultiplier,
      holidayMultipliers: c.holidayMultipliers, baseLinesPerDay: round(c.base, 3)
    };
  });

  const patterns: Record<string, Record<string, string>> = {};
  const modal: Record<string, string[]> = {};
  const factors: TwinTruth["behaviour"]["factors"] = {};
  const expectedLines: Record<string, Record<string, number>> = {};
  const groupLines = behaviour.groupLineShare.map((s) => s * FULL_COUNTS.productLines * twin.fraction);
  names.forEach((name, c) => {
    patterns[name] = behaviour.patterns[c];
    modal[name] = modalPatterns(MAIN_GROUPS.map((g) => behaviour.patterns[c][g]));
    factors[name] = {};
    expectedLines[name] = {};
    MAIN_GROUPS.forEach((label, i) => {
      const g = MAIN_GROUP_IDS[i];
      factors[name][label] = {
        time: round(behaviour.sessionFactor[0][g][c]), pageViews: round(behaviour.sessionFactor[1][g][c]),
        searches: round(behaviour.sessionFactor[2][g][c]), price: round(behaviour.priceFactor[g][c])
      };
      expectedLines[name][label] = Math.round(groupLines[g] * behaviour.lineMix[g][c]);
    });
  });

  // realized value inputs under the default 333 thresholds
  const monthOf = (d: number) => +calendar[d].date.slice(5, 7);
  const frequency = {oneDay: 0, gapUpTo15: 0, gapOver15: 0};
  const recency = {aprMay: 0, junJul: 0, augSep: 0};
  const monetary = {under100k: 0, from100kTo1m: 0, atLeast1m: 0};
  const valueTiers = {star: 0, butterfly: 0, chickenRib: 0, unmanaged: 0};
  let purchasing = 0;
  for (let k = 0; k < population.clients; k++) {
    if (stats.purchaseDays[k] === 0) continue;
    purchasing++;
    const days = stats.purchaseDays[k];
    const gap = days > 1 ? (stats.lastDay[k] - stats.firstDay[k]) / (days - 1) : 0;
    const f = days === 1 ? 1 : gap <= 15 ? 3 : 2;
    if (f === 1) frequency.oneDay++;
    else if (f === 3) frequency.gapUpTo15++;
    else frequency.gapOver15++;
    const month = monthOf(stats.lastDay[k]);
    const r = month >= 8 ? 3 : month >= 6 ? 2 : 1;
    if (r === 3) recency.augSep++;
    else if (r === 2) recency.junJul++;
    else recency.aprMay++;
    const spend = stats.spend[k];
    const m = spend >= 1_000_000 ? 3 : spend >= 100_000 ? 2 : 1;
    if (m === 3) monetary.atLeast1m++;
    else if (m === 2) monetary.from100kTo1m++;
    else monetary.under100k++;
    const engaged = r + f > 4;
    if (m >= 2) engaged ? valueTiers.star++ : valueTiers.butterfly++;
    else engaged ? valueTiers.chickenRib++ : valueTiers.unmanaged++;
  }

  const dropout = buildDropout(twin, stats.purchaseDays);

  const quirkProducts: TwinTruth["prices"]["thousandsQuirk"]["products"] = [];
  for (let i = 0; i < catalog.size; i++) {
    if (!catalog.quirk[i]) continue;
    const spec = CLAC2_SPECS[catalog.clac2[i]];
    quirkProducts.push({
      pdC: catalog.pdC[i], clac1: spec.clac1, clac2: spec.clac2, truePrice: catalog.price[i],
      recordedPrice: Math.max(1, Math.round(catalog.price[i] / 1000)), bought: stats.quirkProductsBought.has(i)
    });
  }
  quirkProducts.sort((a, b) => a.pdC - b.pdC);

  const months = [4, 5, 6, 7, 8, 9];
  return {
    schema: "lpoint-twin-truth/1",
    generator: {scale: twin.scale, seed: twin.seed, fraction: twin.fraction, hostileKeywords},
    files: {...RAW_FILE_NAMES, weather: WEATHER_FILE_NAME, truth: TRUTH_FILE_NAME},
    period: {start: calendar[0].date, end: calendar[calendar.length - 1].date, days: calendar.length},
    counts: {
      productLines: stats.lines, sessions: stats.sessions, search1Rows: stats.searchRows, searchingSessions: stats.searchingSessions,
      customRows: population.purchasingMembers + population.noPurchaseMembers, masterRows: catalog.size,
      purchasingClients: purchasing, purchasingMembers: population.purchasingMembers, noPurchaseMembers: population.noPurchaseMembers,
      keywords: twin.vocabulary.text.length
    },
    weekdayMultipliers,
    demandEffects,
    demand: {
      formula: "expected lines(c, d) = baseLinesPerDay × monthTrend(d) × weekdayMultipliers[c][weekday(d)] × holidayMultipliers[c][d] × exp(tempCoef × (temp(d) − temperature.mean) / temperature.sd) × (1 + rainCoef × wet(d))",
      weekdayIndex: "index 0 = Sunday; mean 1",
      monthTrend: "knots on the 15th of April..September, cubic (Catmull-Rom) interpolation of their logs, flat before the first and after the last knot",
      temperature: {mean: round(weather.tempMean), sd: round(weather.tempSd)},
      wetDefinition: "일강수량 > 0 mm in the weather file (blank = no rain, 0 = trace = dry)",
      dailyNoiseSd: 0.015,
      revenueAnchor: "for the 11 report categories, daily revenue (Σ PD_BUY_AM × PD_BUY_CT without HITS_SEQ = 1 rows) ≈ expected lines × (1 + noise) × revenuePerLine × priceTrend(d); other categories' unit prices also follow priceTrend",
      priceTrend: PRICE_TREND,
      revenuePerLine: Object.fromEntries(names.map((n, c) => [n, Math.round(purchases.revenuePerLine[c])])),
      events: demand.events.map((e) => ({name: e.name, start: e.start, end: e.end, multipliers: {...e.multipliers}}))
    },
    behaviour: {
      bitOrder: BIT_VARIABLES,
      definition: "Per main group g and category c (CLAC1 of the product line): bit = 1 when the mean over g's purchase lines in c is above the mean over all of g's purchase lines. Session variables (TOT_SESS_HR_V, TOT_PAG_VIEW_CT, SEARCH_CNT = sum of Search1 counts of the session, 0 when none) are attached to every line of the session; PD_BUY_AM is the line's unit price (thousands-recorded prices corrected). Sessions take their variables from their main category; a few carry lines of a companion category.",
      groups: MAIN_GROUPS,
      patterns,
      modal,
      reportCategories: REPORT_CATEGORIES,
      factors,
      expectedLines
    },
    customers: {
      archetypes: {...population.archetypeCounts, memberNoPurchase: population.noPurchaseMembers},
      archetypeDefinitions: {
        oneTime: "one purchase day (sometimes 2-3 sessions that day), then gone",
        repeatLong: "while active, a purchase day every 22-45 days on average (exponential gaps); after each repeat purchase gone with p ~ Beta(2.5, 5)",
        repeatShort: "while active, a purchase day every 3-11 days on average; after each repeat purchase gone with p ~ Beta(3.5, 6.5)",
        heavy: "while active, a purchase day every 1.5-3 days on average, bigger baskets; after each repeat purchase gone with p ~ Beta(1, 40)",
        memberNoPurchase: "in Custom without any purchase"
      },
      realized: {
        definitions: "the default 333 thresholds on distinct purchase dates and Σ PD_BUY_AM × PD_BUY_CT (corrected prices, HITS_SEQ = 1 rows excluded)",
        frequency, recency, monetary, valueTiers,
        shareUnder1m: round((monetary.under100k + monetary.from100kTo1m) / Math.max(1, purchasing))
      },
      dropout
    },
    prices: {
      thousandsQuirk: {
        rule: "these products' PD_BUY_AM is recorded in thousands of KRW on every line (true price = recorded × 1000); genuine prices in their CLAC2 are at least 10,000 KRW",
        lines: stats.quirkLines,
        products: quirkProducts
      },
      bulkQuantityLines: stats.bulkLines
    },
    quirks: {
      pageViewNa: stats.pageViewNa,
      sessionTimeBlank: stats.sessionTimeBlank,
      hitsSeqOne: stats.hitsSeqOne,
      hostileStrings: HOSTILE_STRINGS,
      forcedSearch1Rows: Object.fromEntries(stats.forcedKeywordRows),
      hostileProductNames: [...catalog.hostileNames.entries()].map(([i, name]) => ({pdC: catalog.pdC[i], name})),
      search2Spikes: search2.spikes(),
      groupCount: GROUP_COUNT
    },
    weather: {
      file: WEATHER_FILE_NAME,
      monthlyMeanTemp: months.map((m) => round(mean(weather.days.filter((d) => +d.date.slice(5, 7) === m).map((d) => d.temp)), 2)),
      monthlyPrecipMm: months.map((m) => round(weather.days.filter((d) => +d.date.slice(5, 7) === m).reduce((s, d) => s + (d.precip ?? 0), 0), 1)),
      wetDays: weather.wet.reduce((a, b) => a + b, 0),
      traceDays: weather.days.filter((d) => d.precip === 0).length
    }
  };
}

function buildDropout(twin: Twin, purchaseDays: Int16Array): TwinDropout {
  const {population, calendar} = twin;
  const order = Array.from({length: population.clients}, (_, k) => k).sort((a, b) => population.id[a] - population.id[b]);
  let gone = 0;
  const repeat = {customers: 0, gone: 0};
  const byArchetype: Record<string, {customers: number; gone: number}> = Object.fromEntries(ARCHETYPES.map((a) => [a, {customers: 0, gone: 0}]));
  const customers: TwinDropout["customers"] = [];
  for (const k of order) {
    const day = population.dropoutDay[k];
    if (day >= 0) gone++;
    if (purchaseDays[k] >= 2) {
      const a = byArchetype[ARCHETYPES[population.archetype[k]]];
      repeat.customers++;
      a.customers++;
      if (day >= 0) {
        repeat.gone++;
        a.gone++;
      }
    }
    customers.push([population.id[k], day >= 0 ? calendar[day].date : null]);
  }
  return {
    definition: "a customer is gone once they have made their last purchase: one-time buyers on their only purchase day, repeat buyers on the purchase after which they left (null: still buying when the period ends). Drop-out happens only right after a purchase, as in the BG/NBD model.",
    process: {...REPEAT_PROCESS, historyPeriods: REPEAT_HISTORY_PERIODS},
    gone,
    active: population.clients - gone,
    repeatBuyers: {...repeat, goneShare: round(repeat.gone / Math.max(1, repeat.customers)), byArchetype},
    customers
  };
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
