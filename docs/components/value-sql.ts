import {bindQuery, type BoundQuery} from "../lib/value/bind.js";
import {assertCubeExact} from "../lib/value/cube.js";
import {resolveThresholds, tierInfo, type TierKey, type ValueThresholds} from "../lib/value/rules.js";
import {VALUE_CUBE, VALUE_TABLES} from "./value-config.js";

// The library's cubeGridSql, reshaped for DuckDB-WASM's single thread, where grouping on three
// computed keys costs several times a plain scan: the scores are packed into one integer key
// k = 9(R−1) + 3(F−1) + (M−1) (sums of comparisons, valid because r2Month ≤ r3Month and m2 ≤ m3;
// amounts compared as bucket indices), and grade, tier and point cost are derived on ≤ 27 rows.
const FAST_CUBE_SQL = `WITH g AS (
  SELECT k, sum(customers)::DOUBLE AS customers, sum(revenue)::DOUBLE AS revenue, sum(positive_revenue)::DOUBLE AS positive_revenue
  FROM (
    SELECT ((last_month >= $r2Month::INTEGER)::INTEGER + (last_month >= $r3Month::INTEGER)::INTEGER) * 9
      + (CASE WHEN gap_day IS NULL THEN 0 WHEN gap_day <= $gapDays::INTEGER THEN 2 ELSE 1 END) * 3
      + (amount_bucket >= $b2::INTEGER)::INTEGER + (amount_bucket >= $b3::INTEGER)::INTEGER AS k,
      customers, revenue, positive_revenue
    FROM ${VALUE_TABLES.cube}
  )
  GROUP BY k
), s AS (
  SELECT k // 9 + 1 AS r, (k // 3) % 3 + 1 AS f, k % 3 + 1 AS m, customers, revenue, positive_revenue FROM g
), t AS (
  SELECT *, CASE WHEN r + f <= $rfCut::INTEGER THEN 1 ELSE 2 END AS e,
    CASE WHEN r + f > $rfCut::INTEGER THEN (CASE WHEN m >= $highM::INTEGER THEN 'star' ELSE 'chicken-rib' END)
         ELSE (CASE WHEN m >= $highM::INTEGER THEN 'butterfly' ELSE 'unmanaged' END) END AS tier
  FROM s
)
SELECT r, f, m, e, tier, customers, revenue,
  positive_revenue * CASE tier WHEN 'star' THEN $rateStar::DOUBLE WHEN 'butterfly' THEN $rateButterfly::DOUBLE
                               WHEN 'chicken-rib' THEN $rateChickenRib::DOUBLE ELSE $rateUnmanaged::DOUBLE END AS point_cost
FROM t
ORDER BY r, f, m`;

/** The cube re-tier query: same rows as the library's cubeGridQuery; throws off the cube grid. */
export function fastCubeQuery(thresholds: Partial<ValueThresholds>): BoundQuery {
  const t = resolveThresholds(thresholds);
  assertCubeExact(t, VALUE_CUBE);
  const rate = (k: TierKey) => tierInfo(k).pointRate;
  return bindQuery(FAST_CUBE_SQL, {
    r2Month: t.r2Month, r3Month: t.r3Month, gapDays: t.gapDays, b2: t.m2 / VALUE_CUBE.step, b3: t.m3 / VALUE_CUBE.step, rfCut: t.rfCut, highM: t.highM,
    rateStar: rate("star"), rateButterfly: rate("butterfly"), rateChickenRib: rate("chicken-rib"), rateUnmanaged: rate("unmanaged")
  });
}

