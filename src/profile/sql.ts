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
