/** SQL for one customer's profile (warehouse tables; $clntId bound). */

/** The customer's purchase history per top category: category, lines, n_dates, first_date, last_date, amount. */
export const CUSTOMER_CATEGORIES_SQL = `SELECT clac1_nm AS category, count(*)::BIGINT AS lines, count(DISTINCT sess_dt)::BIGINT AS n_dates,
  min(sess_dt) AS first_date, max(sess_dt) AS last_date, sum(amount)::DOUBLE AS amount
FROM line WHERE clnt_id = $clntId::BIGINT
GROUP BY clac1_nm
ORDER BY lines DESC, category`;

/** Co-purchase edges (sessions buying both top categories) touching the customer's categories: a, b, sessions. */
export const CUSTOMER_COPURCHASE_SQL = `WITH sc AS (
  SELECT DISTINCT clnt_id, sess_id, clac1_nm AS category FROM line
), mine AS (
  SELECT DISTINCT clac1_nm AS category FROM line WHERE clnt_id = $clntId::BIGINT
)
SELECT a.category AS a, b.category AS b, count(*)::BIGINT AS sessions
FROM sc a JOIN sc b ON a.clnt_id = b.clnt_id AND a.sess_id = b.sess_id AND a.category < b.category
WHERE a.category IN (SELECT category FROM mine) OR b.category IN (SELECT category FROM mine)
GROUP BY a.category, b.category
ORDER BY sessions DESC, a, b`;

/**
 * Every purchase line for the profile page's lazily read file: clnt_id, date, category, product, amount,
 * units, by customer, date, session and line. The lines are sorted with their numbers only and the
 * product's names joined on after: sorting them along with the names took a third more. The order
 * holds only when the sorted lines probe the join (each line has one product), so run it with the joins
 * as written and on one thread (loaders/duck.ts: joinsAsWritten, singleThreaded).
 */
export const PURCHASE_LINES_SQL = `SELECT o.clnt_id, strftime(o.sess_dt, '%Y-%m-%d') AS date, m.clac1_nm AS category, m.pd_nm AS product, o.amount, o.units
FROM (
  SELECT p.clnt_id::INTEGER AS clnt_id, s.sess_dt, p.pd_c, (p.pd_buy_am * p.pd_buy_ct)::DOUBLE AS amount, p.pd_buy_ct::INTEGER AS units
  FROM product p JOIN session s USING (clnt_id, sess_id)
  ORDER BY p.clnt_id, s.sess_dt, p.sess_id, p.line_no
) o JOIN master m USING (pd_c)`;

/** Purchase lines per customer (key, n), as PURCHASE_LINES_SQL writes them: every line has its session and product. */
export const PURCHASE_LINE_COUNTS_SQL = "SELECT clnt_id::INTEGER AS key, count(*) AS n FROM product GROUP BY clnt_id";
