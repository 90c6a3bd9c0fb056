import type {VisitRecord} from "../../src/store/records.js";

export const visit = (over: Partial<VisitRecord> = {}): VisitRecord => ({
  kind: "visit", memberId: "1001", entryId: "e1", date: "2018-09-01", items: "니트, 청바지",
  priceKrw: 59000, minutes: 12, bought: false, notes: "", ...over
});

/** A customers row as DuckDB returns it (the lead's contract), overridable per test. */
export const customerRow = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  clnt_id: 1001, member: true, gender: "F", age: 30, device: "mobile", region: "서울", sessions: 6, lines: 9,
  total: 450_000, first_date: "2018-04-03", last_date: "2018-09-12", mean_day: 32.5, r: 3, f: 2, m: 2,
  tier: "star", point_rate: 0.008, type: "meticulous", subtype: "less", bits: "1101",
  top1: "여성의류", top1_index: 100, top2: "화장품/뷰티케어", top2_index: 81.25, top3: "패션잡화", top3_index: 60,
  top4: null, top4_index: null, top5: null, top5_index: null, ...over
});
