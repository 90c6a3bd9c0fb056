/**
 * The client population and its purchase-session schedule: ids, membership and demographics,
 * archetypes (one-time, repeat with long or short gaps, heavy), device, region, and the days on
 * which each client has purchase sessions. Session days are drawn in "operational time" (the
 * cumulative expected demand), so sessions per day follow the daily demand.
 *
 * Repeat buyers follow the buy-till-you-die story the lifetime-value models assume (Methods page:
 * lifetime value): from an arrival up to one period before the window, purchases come at a constant
 * rate (exponential gaps), and after each repeat purchase the customer leaves for good with their own
 * probability p ~ Beta. Their planted drop-out (the day of their last purchase, or none before the
 * period ends) is recorded. One-time buyers buy once and leave.
 */
import {AliasTable, Permutation, Rng, searchCumulative} from "./prng.js";
import {GROUP_COUNT, memberGroupShares, NON_MEMBER} from "./behaviour.js";
import {ZONES} from "./regions.js";
import {FULL_COUNTS, scaled} from "./scale.js";

export const ARCHETYPES = ["oneTime", "repeatLong", "repeatShort", "heavy"] as const;
export type Archetype = (typeof ARCHETYPES)[number];
const ONE_TIME = 0, REPEAT_LONG = 1, REPEAT_SHORT = 2, HEAVY = 3;

/** Archetype mix of members and of non-members (non-members mostly buy once). */
const MEMBER_MIX = [0.244, 0.45, 0.3, 0.006];
const NON_MEMBER_MIX = [0.78, 0.16, 0.06, 0];

export interface RepeatProcess {
  /** mean days between purchase days while active (operational time), drawn uniformly per customer */
  gapDays: readonly [number, number];
  /** p ~ Beta(a, b): the chance of leaving after each repeat purchase */
  dropout: {a: number; b: number};
}

/**
 * The repeat archetypes' buying and leaving, chosen so that purchase days per client, the mean-gap
 * classes and the recency months stay where the earlier renewal schedules put them.
 */
export const REPEAT_PROCESS: Readonly<Record<Exclude<Archetype, "oneTime">, RepeatProcess>> = {
  repeatLong: {gapDays: [22, 45], dropout: {a: 2.5, b: 5}},
  repeatShort: {gapDays: [3, 11], dropout: {a: 3.5, b: 6.5}},
  heavy: {gapDays: [1.5, 3], dropout: {a: 1, b: 40}}
};

/** How far before the window a repeat buyer may have arrived, in periods. */
export const REPEAT_HISTORY_PERIODS = 2;

export const DEVICES = ["mobile", "desktop", "tablet"] as const;

export interface Population {
  /** purchasing clients (indices 0..clients-1); members without purchases follow */
  clients: number;
  purchasingMembers: number;
  noPurchaseMembers: number;
  id: Int32Array;
  group: Uint8Array;
  archetype: Uint8Array;
  isNew: Uint8Array;
  device: Uint8Array;
  zone: Uint8Array;
  city: Uint16Array;
  /** lines-per-session propensity */
  basket: Float32Array;
  searchPropensity: Float32Array;
  /** SESS_SEQ of the client's next session */
  nextSeq: Int32Array;
  /** sessions of day d are dayClient[dayStart[d] .. dayStart[d+1]) (a client repeats per session) */
  dayStart: Int32Array;
  dayClient: Int32Array;
  sessions: number;
  archetypeCounts: Record<Archetype, number>;
  /** planted drop-out per purchasing client: the day index of their last purchase if they left before the period ended, else -1 */
  dropoutDay: Int16Array;
}

export interface PopulationOptions {
  seed: number;
  fraction: number;
  /** relative expected purchase volume per day */
  dayWeight: ArrayLike<number>;
}

class PairBuffer {
  client = new Int32Array(1 << 16);
  day = new Int16Array(1 << 16);
  length = 0;
  push(client: number, day: number): void {
    if (this.length === this.client.length) {
      const c = new Int32Array(this.length * 2);
      c.set(this.client);
      this.client = c;
      const d = new Int16Array(this.length * 2);
      d.set(this.day);
      this.day = d;
    }
    this.client[this.length] = client;
    this.day[this.length++] = day;
  }
}

export function buildPopulation({seed, fraction, dayWeight}: PopulationOptions): Population {
  const rng = new Rng(seed, "population");
  const n = dayWeight.length;
  const clients = scaled(FULL_COUNTS.clients, fraction, 10);
  const members = scaled(FULL_COUNTS.customRows, fraction, 8);
  const noPurchaseMembers = Math.max(1, Math.round(members * 0.002));
  const purchasingMembers = members - noPurchaseMembers;
  const total = clients + noPurchaseMembers;

  const ids = new Permutation(FULL_COUNTS.maxClientId - 7, seed, "clnt_id");
  const memberOrder = new Permutation(clients, seed, "members");
  const groupTable = new AliasTable(memberGroupShares());
  const zoneTable = new AliasTable(ZONES.map((z) => z.share));
  const cityTables = ZONES.map((z) => new AliasTable(z.cities.map((c) => c.weight)));
  const memberMix = new AliasTable(MEMBER_MIX);
  const nonMemberMix = new AliasTable(NON_MEMBER_MIX);

  const id = new Int32Array(total);
  const group = new Uint8Array(total);
  const archetype = new Uint8Array(clients);
  const isNew = new Uint8Array(clients);
  const device = new Uint8Array(clients);
  const zone = new Uint8Array(clients);
  const city = new Uint16Array(clients);
  const basket = new Float32Array(clients);
  const searchPropensity = new Float32Array(clients);
  const nextSeq = new Int32Array(clients);
  const archetypeCounts = {oneTime: 0, repeatLong: 0, repeatShort: 0, heavy: 0};
  for (let i = 0; i < total; i++) {
    id[i] = ids.at(i) + 8;
    const member = i >= clients || memberOrder.at(i) < purchasingMembers;
    group[i] = member ? groupTable.draw(rng) : NON_MEMBER;
    if (i >= clients) continue;
    const a = (member ? memberMix : nonMemberMix).draw(rng);
    archetype[i] = a;
    archetypeCounts[ARCHETYPES[a]]++;
    // 9.8% of clients are new, 31% of them members (published facts of the real files)
    isNew[i] = rng.chance(member ? 0.042 : 0.25) ? 1 : 0;
    const r = rng.next();
    device[i] = isNew[i] ? (r < 0.6 ? 1 : r < 0.995 ? 0 : 2) : r < 0.905 ? 0 : r < 0.9965 ? 1 : 2;
    zone[i] = zoneTable.draw(rng);
    city[i] = cityTables[zone[i]].draw(rng);
    basket[i] = rng.lognormal(0, 0.35) * (a === HEAVY ? 1.6 : 1);
    searchPropensity[i] = rng.lognormal(-0.045, 0.3);
    nextSeq[i] = isNew[i] ? 1 : 2 + Math.min(3000, Math.floor(rng.lognormal(Math.log(30), 1.1)));
  }

  // operational time: tau in [0, 1) maps to days by cumulative expected demand
  const cdf = new Float64Array(n);
  let acc = 0;
  for (let d = 0; d < n; d++) cdf[d] = acc += dayWeight[d];
  for (let d = 0; d < n; d++) cdf[d] /= acc;
  const dayAt = (tau: number) => searchCumulative(cdf, tau);

  const pairs = new PairBuffer();
  const days: number[] = [];
  const dropoutDay = new Int16Array(clients).fill(-1);
  const processes = {[REPEAT_LONG]: REPEAT_PROCESS.repeatLong, [REPEAT_SHORT]: REPEAT_PROCESS.repeatShort, [HEAVY]: REPEAT_PROCESS.heavy} as Record<number, RepeatProcess>;
  for (let i = 0; i < clients; i++) {
    const a = archetype[i];
    days.length = 0;
    if (a === ONE_TIME) {
      days.push(dayAt(rng.next()));
      dropoutDay[i] = days[0];
    } else {
      const {gapDays, dropout} = processes[a];
      const gap = rng.range(gapDays[0], gapDays[1]) / n;
      const x = rng.gamma(dropout.a);
      const p = x / (x + rng.gamma(dropout.b));
      // arrivals before the window are kept only if they buy in it; after many misses the arrival is in it
      for (let attempt = 0; days.length === 0; attempt++) {
        let t = attempt < 50 ? -REPEAT_HISTORY_PERIODS + rng.next() * (1 + REPEAT_HISTORY_PERIODS) : rng.next();
        for (let k = 0; ; k++) {
          if (t >= 1) break;
          if (t >= 0) days.push(dayAt(t));
          if (k > 0 && rng.chance(p)) {
            if (t >= 0) dropoutDay[i] = days[days.length - 1];
            break;
          }
          t += Math.max(1 / n, gap * rng.exponential(1));
        }
      }
    }
    const extra = a === HEAVY ? 0.4 : a === ONE_TIME ? 0.14 : 0.19;
    for (const d of days) {
      pairs.push(i, d);
      if (rng.chance(extra)) pairs.push(i, d);
      if (a === ONE_TIME && rng.chance(0.02)) pairs.push(i, d);
    }
  }

  const dayStart = new Int32Array(n + 1);
  for (let k = 0; k < pairs.length; k++) dayStart[pairs.day[k] + 1]++;
  for (let d = 0; d < n; d++) dayStart[d + 1] += dayStart[d];
  const fill = dayStart.slice(0, n);
  const dayClient = new Int32Array(pairs.length);
  for (let k = 0; k < pairs.length; k++) dayClient[fill[pairs.day[k]]++] = pairs.client[k];

  if (group.some((g) => g >= GROUP_COUNT)) throw new Error("group index out of range");
  return {
    clients, purchasingMembers, noPurchaseMembers, id, group, archetype, isNew, device, zone, city, basket,
    searchPropensity, nextSeq, dayStart, dayClient, sessions: pairs.length, archetypeCounts, dropoutDay
  };
}
