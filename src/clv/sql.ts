/**
 * SQL for the lifetime-value inputs over the warehouse: purchase days per customer and the repeat-buying
 * summaries of src/clv/summary.ts (same conventions: one transaction per day, frequency = purchase days
 * after the first, recency = last − first, T = end − first, monetary = mean value of the repeat days), in
 * whole days. Every value is a bound parameter; dates are DATE values, ends inclusive.
 */
import {bindQuery, sqlSource, type BoundQuery} from "../value/bind.js";
import {PURCHASE_LINES_SOURCE} from "../value/sql.js";

/** One row per (customer, purchase day) with the day's value: the CTE every query below starts from. */
export function purchaseDaysSql(source: string = PURCHASE_LINES_SOURCE): string {
  return `SELECT clnt_id, sess_dt, sum(amount)::DOUBLE AS amount FROM ${sqlSource(source)} GROUP BY clnt_id, sess_dt`;
}

/**
 * Per customer over the purchase days up to $end: clnt_id, frequency, recency, T, monetary, total (all
 * days), first_date, last_date. Source: a table of purchaseDaysSql rows. Sorted by clnt_id.
 */
export function customerSummarySql(days = "clv_days"): string {
  return `SELECT clnt_id,
    (count(*) - 1)::INTEGER AS frequency,
    date_diff('day', min(sess_dt), max(sess_dt))::INTEGER AS recency,
    date_diff('day', min(sess_dt), $end::DATE)::INTEGER AS "T",
    CASE WHEN count(*) > 1 THEN (sum(amount) - arg_min(amount, sess_dt)) / (count(*) - 1) ELSE 0 END::DOUBLE AS monetary,
    sum(amount)::DOUBLE AS total,
    strftime(min(sess_dt), '%Y-%m-%d') AS first_date,
    strftime(max(sess_dt), '%Y-%m-%d') AS last_date
  FROM ${sqlSource(days)}
  WHERE sess_dt <= $end::DATE
  GROUP BY clnt_id
  ORDER BY clnt_id`;
}

export function customerSummaryQuery(end: string, days = "clv_days"): BoundQuery {
  return bindQuery(customerSummarySql(days), {end});
}

/**
 * The calibration/holdout split for every calibration end on a grid ($first, $first + $step days, … up
 * to $last; all inclusive): per split, customers grouped by their calibration (frequency, recency, T),
 * with how many share it and their purchase days in (split, $end]. Customers who first buy after a split
 * are not in its rows (they have no calibration history). Sorted by split, then the triple.
 */
export function holdoutGridSql(days = "clv_days"): string {
  return `WITH splits AS (
    SELECT unnest(generate_series($first::DATE, $last::DATE, to_days($step::INTEGER)))::DATE AS split
  ), c AS (
    SELECT s.split, d.clnt_id,
      (count(*) FILTER (WHERE d.sess_dt <= s.split) - 1)::INTEGER AS frequency,
      date_diff('day', min(d.sess_dt), max(d.sess_dt) FILTER (WHERE d.sess_dt <= s.split))::INTEGER AS recency,
      date_diff('day', min(d.sess_dt), s.split)::INTEGER AS "T",
      count(*) FILTER (WHERE d.sess_dt > s.split)::INTEGER AS holdout
    FROM ${sqlSource(days)} d CROSS JOIN splits s
    WHERE d.sess_dt <= $end::DATE
    GROUP BY s.split, d.clnt_id
    HAVING min(d.sess_dt) <= s.split
  )
  SELECT strftime(split, '%Y-%m-%d') AS split, frequency, recency, "T", count(*)::INTEGER AS customers, sum(holdout)::INTEGER AS holdout
  FROM c
  GROUP BY ALL
  ORDER BY split, frequency, recency, "T"`;
}

export function holdoutGridQuery(grid: {first: string; last: string; step: number}, end: string, days = "clv_days"): BoundQuery {
  return bindQuery(holdoutGridSql(days), {...grid, end});
}

/** Customers with a purchase, per day up to $end (the page's activity line and the holdout's seasonality note). */
export function dailyBuyersSql(days = "clv_days"): string {
  return `SELECT strftime(sess_dt, '%Y-%m-%d') AS date, count(*)::INTEGER AS buyers FROM ${sqlSource(days)} WHERE sess_dt <= $end::DATE GROUP BY sess_dt ORDER BY sess_dt`;
}
