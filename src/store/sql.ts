/** The page's queries over the customers, purchases and searches tables; the member id is always a bound parameter. */

export const CUSTOMER_SQL = `SELECT * FROM customers WHERE clnt_id = $id`;

export const PURCHASES_SQL = `SELECT date, category, product, amount, units FROM purchases WHERE clnt_id = $id
ORDER BY date, category, product, amount, units`;

export const SEARCHES_SQL = `SELECT date, keyword, searches FROM searches WHERE clnt_id = $id ORDER BY date, keyword`;

/** One member per tier × behaviour type (the one with most purchase lines), to try the page with. */
export const SAMPLE_SQL = `SELECT clnt_id, tier, type, subtype, lines FROM customers WHERE member
QUALIFY row_number() OVER (PARTITION BY tier, type ORDER BY lines DESC, clnt_id) = 1`;
