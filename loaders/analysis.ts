/**
 * Build-time analysis over the warehouse: behaviour segmentation, the 333 value tiers and the
 * preference index. Each function takes a Duck and returns plain row arrays in a deterministic order;
 * the SQL is the same text the pages run in DuckDB-WASM (sources swapped for warehouse subqueries).
 */
import {collect, type Duck, type Row} from "./duck.js";
import {chunkedTable, type ResultTable} from "./results.js";
import {
  behaviourBits,
  modalPatterns,
  resolveSegmentOptions,
  segmentParams,
  segmentQuery,
  boundsParams,
  SEGMENT_BOUNDS_SQL,
  segmentBoundsByRuleQuery,
  segmentTypeCountsByRuleQuery,
  SEGMENT_GROUPS_SQL,
  segmentMeansSql,
  customerTypesSql,
  type Bit,
  type OutlierRule,
  type CustomerTypeRow,
  type GroupRow,
  type MeanRow,
  type SegmentationResult,
  type SegmentOptions,
  type SessionsSource,
  type SumsSource,
  type TypeCount,
  type VariableBounds
} from "../src/segment/index.js";
import {
  bindQuery,
  cubeGridQuery,
  migrationMatrix,
  resolveThresholds,
  scoreCounts,
  scoreCustomer,
  summariseTiers,
  tierMigrationQuery,
  valueBaseQuery,
  valueBaseSql,
  valueCubeQuery,
  valueGridQuery,
  valueParams,
  valueScoredQuery,
  VALUE_BASE_SQL,
  type CubeCell,
  type CubeOptions,
  type CustomerBase,
  type MigrationCell,
  type MigrationState,
  type ScoreCount,
  type ScoredCustomer,
  type TierKey,
  type TierSummary,
  type ValueThresholds
} from "../src/value/index.js";
import {
  preferenceRankingQuery,
  preferenceTopQuery,
  PREFERENCE_WAREHOUSE_SOURCES,
  PREF_AGE_COUNTS_SQL,
  PREF_CATEGORIES_SQL,
  PREF_COUNTS_SQL,
  PREF_GENDER_COUNTS_SQL,
  PREF_MEMBERS_SQL,
  type PreferenceRow,
  type PreferenceSources,
  type PreferenceSqlOptions,
  type PreferenceTopRow
} from "../src/preference/index.js";
import {customerActions, CUSTOMER_CATEGORIES_SQL, CUSTOMER_COPURCHASE_SQL, type CategoryHistory, type CustomerAction, type CustomerProfile} from "../src/profile/index.js";
import type {BoundQuery} from "../src/value/bind.js";
import {readPeriod} from "./period.js";

async function rows<T>(duck: Duck, q: BoundQuery): Promise<T[]> {
  return duck.query<T>(q.sql, q.params);
}

/** The value base as a FROM source: a table name if the caller materialised it, else the warehouse subquery. */
export interface SourceOption {
  /** e.g. "value_base" after `CREATE TEMP TABLE value_base AS …`; default: computed from the warehouse */
  source?: string;
}

const BASE_SUBQUERY = `(${VALUE_BASE_SQL})`;

// ---------------------------------------------------------------- segmentation

/** Behaviour segmentation (Methods page) over the warehouse: bounds, main groups, means, bits and modal patterns with types. */
export async function segmentation(duck: Duck, options: Partial<SegmentOptions> = {}): Promise<SegmentationResult & {allGroups: (GroupRow & {main: boolean})[]}> {
  const o = resolveSegmentOptions(options);
  const bounds = await segmentBounds(duck, o);
  const allGroups = await rows<GroupRow & {main: boolean}>(duck, segmentQuery(SEGMENT_GROUPS_SQL, o));
  const groups = allGroups
    .filter((g) => g.main)
    .map(({main: _m, ...g}) => g)
    .sort((a, b) => a.age - b.age || (a.gender < b.gender ? -1 : a.gender > b.gender ? 1 : 0));
  const means = await rows<MeanRow>(duck, segmentQuery(segmentMeansSql("bound"), o, bounds));
  const bits = behaviourBits(means);
  return {bounds, groups, allGroups, means, bits, patterns: modalPatterns(bits, o.categories, o.subtypeRule)};
}

interface TypeSqlRow extends Omit<CustomerTypeRow, "bits"> {
  bit_time: Bit;
  bit_pageviews: Bit;
  bit_searches: Bit;
  bit_price: Bit;
}

function typeRow({bit_time, bit_pageviews, bit_searches, bit_price, ...r}: TypeSqlRow): CustomerTypeRow {
  return {...r, bits: [bit_time, bit_pageviews, bit_searches, bit_price]};
}

/** Outlier bounds per variable (one quantile pass over sessions and lines). */
export async function segmentBounds(duck: Duck, options: Partial<SegmentOptions> = {}): Promise<VariableBounds[]> {
  return (await rows<VariableBounds & {rule: number; o: number}>(duck, segmentQuery(SEGMENT_BOUNDS_SQL, options))).map(({rule: _r, o: _o, ...b}) => b);
}

/** Rows tagged with a rule index, as one list per rule (n rules), without the tag. */
function byRule<T extends {rule: number}>(all: readonly T[], n: number): Omit<T, "rule">[][] {
  return Array.from({length: n}, (_, i) => all.filter((r) => r.rule === i).map(({rule: _r, ...r}) => r));
}

/** segmentBounds for each of several outlier rules, in one quantile pass. */
export async function segmentBoundsByRule(duck: Duck, rules: readonly OutlierRule[], source: SessionsSource = {}): Promise<VariableBounds[][]> {
  const all = await rows<VariableBounds & {rule: number; o: number}>(duck, segmentBoundsByRuleQuery(rules, source));
  return byRule(all, rules.length).map((bounds) => bounds.map(({o: _o, ...b}) => b));
}

/** Every customer's own behaviour type (see customerBehaviourTypes for the definition). */
export async function customerTypes(duck: Duck, options: Partial<SegmentOptions> & {bounds?: VariableBounds[]} = {}): Promise<CustomerTypeRow[]> {
  return collect(customerTypeChunks(duck, options));
}

/** customerTypes a chunk at a time. */
export async function* customerTypeChunks(duck: Duck, options: Partial<SegmentOptions> & {bounds?: VariableBounds[]} = {}): AsyncIterable<CustomerTypeRow[]> {
  const {bounds = await segmentBounds(duck, options), ...o} = options;
  const q = segmentQuery(customerTypesSql("bound"), o, bounds);
  for await (const chunk of duck.stream<TypeSqlRow>(q.sql, q.params)) yield chunk.map(typeRow);
}

/** Customers per (main group, pattern): customerTypes counted inside DuckDB (at full scale, fetching every customer's row cost 3× the query). */
export async function customerTypeCounts(duck: Duck, options: Partial<SegmentOptions> & {bounds?: VariableBounds[]} = {}): Promise<TypeCount[]> {
  const {bounds = await segmentBounds(duck, options), ...o} = options;
  const q = segmentQuery(customerTypesSql("bound"), o, bounds);
  return rows(duck, {sql: `SELECT "group", pattern, count(*)::INTEGER AS customers FROM (${q.sql}) GROUP BY ALL`, params: q.params});
}

/** customerTypeCounts for each rule's bounds, in one pass (over `source.sums`, each customer's sums under these rules, when given). */
export async function customerTypeCountsByRule(
  duck: Duck,
  boundsByRule: readonly VariableBounds[][],
  options: Partial<SegmentOptions> = {},
  source: SumsSource = {}
): Promise<TypeCount[][]> {
  const all = await rows<TypeCount & {rule: number}>(duck, segmentTypeCountsByRuleQuery(boundsByRule, options, source));
  return byRule(all, boundsByRule.length);
}

// ---------------------------------------------------------------- customer value

/** The per-customer base table (333 rule inputs and half-year aggregates), by clnt_id. */
export async function customerBase(duck: Duck): Promise<CustomerBase[]> {
  return rows<CustomerBase>(duck, valueBaseQuery());
}

/** The threshold cube (see src/value/cube.ts for the exactness conditions). */
export async function valueCube(duck: Duck, options: Partial<CubeOptions> & SourceOption = {}): Promise<CubeCell[]> {
  const {source = BASE_SUBQUERY, ...cube} = options;
  return rows<CubeCell>(duck, valueCubeQuery(cube, source));
}

export interface GridRow {
  r: number;
  f: number;
  m: number;
  e: 1 | 2;
  tier: TierKey;
  customers: number;
  revenue: number;
  point_cost: number;
}

export interface ValueTiersResult {
  summary: TierSummary[];
  scores: ScoreCount[];
  /** customers per (R, F, M) cell */
  grid: GridRow[];
  customers?: ScoredCustomer[];
}

/** Tier summary, score distributions and the R×F×M grid; per-customer tiers on request. */
export async function valueTiers(
  duck: Duck,
  thresholds: Partial<ValueThresholds> = {},
  {perCustomer = false, source = BASE_SUBQUERY}: {perCustomer?: boolean} & SourceOption = {}
): Promise<ValueTiersResult> {
  const t = resolveThresholds(thresholds);
  const grid = await rows<GridRow>(duck, valueGridQuery(t, source));
  const out: ValueTiersResult = {summary: summariseTiers(grid), scores: scoreCounts(grid), grid};
  if (perCustomer) out.customers = await rows<ScoredCustomer>(duck, valueScoredQuery(t, source));
  return out;
}

/** The same summary from the cube (a table or subquery holding valueCube rows); exact on the slider grid. */
export async function valueTiersFromCube(
  duck: Duck,
  thresholds: Partial<ValueThresholds> = {},
  cube: Partial<CubeOptions> = {},
  cubeSource = "value_cube"
): Promise<ValueTiersResult> {
  const grid = await rows<GridRow>(duck, cubeGridQuery(thresholds, cube, cubeSource));
  return {summary: summariseTiers(grid), scores: scoreCounts(grid), grid};
}

/** The 5 × 5 first-half → second-half tier matrix ("none" = no purchase in the half). */
export async function tierMigration(duck: Duck, thresholds: Partial<ValueThresholds> = {}, {source = BASE_SUBQUERY}: SourceOption = {}): Promise<MigrationCell[]> {
  // one calendar month has no halves: no matrix rather than everyone in "none → none"
  if ((await readPeriod(duck)).split === null) return [];
  const cells = await rows<{from: MigrationState; to: MigrationState; customers: number}>(duck, tierMigrationQuery(thresholds, source));
  return migrationMatrix(cells);
}

// ---------------------------------------------------------------- preference

export interface PreferenceTables {
  categories: {category: string}[];
  ageCounts: {category: string; age: number; n: number}[];
  genderCounts: {category: string; gender: string; n: number}[];
  counts?: {clnt_id: number; category: string; n: number}[];
  members?: {clnt_id: number; age: number; gender: string}[];
}

/** The compact tables the preference page registers (counts and members are large: on request). */
export async function preferenceTables(duck: Duck, {perCustomer = false}: {perCustomer?: boolean} = {}): Promise<PreferenceTables> {
  const out: PreferenceTables = {
    categories: await duck.query(PREF_CATEGORIES_SQL),
    ageCounts: await duck.query(PREF_AGE_COUNTS_SQL),
    genderCounts: await duck.query(PREF_GENDER_COUNTS_SQL)
  };
  if (perCustomer) {
    out.counts = await duck.query(PREF_COUNTS_SQL);
    out.members = await duck.query(PREF_MEMBERS_SQL);
  }
  return out;
}

export interface PreferenceQueryOptions extends Partial<PreferenceSqlOptions> {
  sources?: Partial<PreferenceSources>;
}

/** One customer's full ranking (PreferenceRow per category, by rank then category). */
export async function preferenceRanking(duck: Duck, clntId: number, {sources = PREFERENCE_WAREHOUSE_SOURCES, ...options}: PreferenceQueryOptions = {}): Promise<{member: boolean; n_u: number; k: number; rows: PreferenceRow[]}> {
  const r = await rows<PreferenceRow & {member: boolean; n_u: number; k: number}>(duck, preferenceRankingQuery(clntId, options, sources));
  return {
    member: r[0]?.member ?? false,
    n_u: r[0]?.n_u ?? 0,
    k: r[0]?.k ?? 0,
    rows: r.map(({member: _m, n_u: _n, k: _k, ...row}) => row)
  };
}

/** Every customer's first `top` categories (buyers and members), by clnt_id then position. */
export async function preferenceTop(duck: Duck, {top = 1, sources = PREFERENCE_WAREHOUSE_SOURCES, ...options}: PreferenceQueryOptions & {top?: number} = {}): Promise<PreferenceTopRow[]> {
  return rows<PreferenceTopRow>(duck, preferenceTopQuery(top, options, sources));
}

// ---------------------------------------------------------------- profile

export interface CustomerProfileResult extends CustomerProfile {
  base: CustomerBase | null;
  value: (ReturnType<typeof scoreCustomer> & {total: number}) | null;
  actions: CustomerAction[];
}

/** One customer on one screen (Methods page: customer profile): demographics, type, tier with R/F/M, ranking, actions. */
export async function customerProfile(
  duck: Duck,
  clntId: number,
  {thresholds = {}, segment = {}, preference = {}, asOf}: {thresholds?: Partial<ValueThresholds>; segment?: Partial<SegmentOptions>; preference?: Partial<PreferenceSqlOptions>; asOf?: string} = {}
): Promise<CustomerProfileResult> {
  if (!Number.isSafeInteger(clntId)) throw new Error(`invalid customer id ${JSON.stringify(clntId)}`);
  const t = resolveThresholds(thresholds);
  const id = {clntId};
  const member = (await duck.query<{age: number; gender: string}>("SELECT age, gender FROM custom WHERE clnt_id = $clntId::BIGINT", id))[0] ?? null;
  const base = (await rows<CustomerBase>(duck, bindQuery(valueBaseSql("(SELECT * FROM line WHERE clnt_id = $clntId::BIGINT)"), {...valueParams(), ...id})))[0] ?? null;
  const bounds = await segmentBounds(duck, segment);
  const type = (await rows<TypeSqlRow>(duck, bindQuery(`SELECT * FROM (${customerTypesSql("bound")}) WHERE clnt_id = $clntId::BIGINT`, {...segmentParams(segment), ...boundsParams(bounds), ...id})))[0];
  const ranking = await preferenceRanking(duck, clntId, preference);
  const planned = asOf ?? (await readPeriod(duck)).end;
  const categories = await duck.query<CategoryHistory>(CUSTOMER_CATEGORIES_SQL, id);
  const coPurchase = await duck.query<{a: string; b: string; sessions: number}>(CUSTOMER_COPURCHASE_SQL, id);
  const profile: CustomerProfile = {
    clnt_id: clntId,
    member,
    base,
    thresholds: t,
    behaviour: type ? {pattern: type.pattern, type: type.type} : null,
    preference: ranking.rows,
    categories,
    coPurchase,
    asOf: planned
  };
  return {...profile, base, value: base ? {...scoreCustomer(base, t), total: base.total} : null, actions: customerActions(profile)};
}

// ---------------------------------------------------------------- headless result tables

const asRows = (x: readonly object[]): Row[] => x as unknown as Row[];

/** `f(duck)` once per connection: several result tables are views of one analysis (the warehouse is read-only). */
function perConnection<T>(f: (duck: Duck) => Promise<T>): (duck: Duck) => Promise<T> {
  const made = new WeakMap<Duck, Promise<T>>();
  return (duck) => {
    let p = made.get(duck);
    if (!p) made.set(duck, (p = f(duck)));
    return p;
  };
}
const defaultSegmentation = perConnection((d) => segmentation(d));
const defaultTiers = perConnection((d) => valueTiers(d));

/** Result tables for `npm run analyze` (the lead registers them with registerResults). */
export const ANALYSIS_RESULTS: ResultTable[] = [
  {name: "segment_bounds", description: "outlier bounds and values removed per behaviour variable", rows: async (d) => asRows((await defaultSegmentation(d)).bounds)},
  {name: "segment_means", description: "main group × category means of time, page views, searches, unit price (category empty = group average)", rows: async (d) => asRows((await defaultSegmentation(d)).means)},
  {
    name: "segment_patterns",
    description: "each category's modal 4-bit pattern across the main groups and its behaviour type",
    rows: async (d) =>
      (await defaultSegmentation(d)).patterns.flatMap((p) =>
        p.types.map((t) => ({category: p.category, pattern: t.pattern, type: t.type, subtype: t.subtype, label: t.label, votes: p.votes, groups: p.groups}))
      )
  },
  {name: "value_tiers", description: "customers, revenue and point cost per value tier (default thresholds)", rows: async (d) => asRows((await defaultTiers(d)).summary)},
  {name: "value_scores", description: "customers per R, F, M score and engagement grade", rows: async (d) => asRows((await defaultTiers(d)).scores)},
  {name: "value_migration", description: "first-half tier → second-half tier, customers (empty when the data covers one month)", rows: async (d) => asRows(await tierMigration(d))},
  chunkedTable({
    name: "preference_top",
    description: "each customer's rank-1 preference category (over every category in the data)",
    chunks: (d) => {
      const q = preferenceTopQuery(1, {}, PREFERENCE_WAREHOUSE_SOURCES);
      return d.stream(q.sql, q.params);
    }
  })
];
