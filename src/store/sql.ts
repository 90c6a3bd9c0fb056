/** The page's queries over the customer records, purchases and searches tables; the member id is always a bound parameter. */

/** One customer's record: a JSON array whose field names the file's metadata lists (src/lazy.ts recordFromJson). */
export const CUSTOMER_SQL = `SELECT record FROM customer_records WHERE clnt_id = $id`;

export const PURCHASES_SQL = `SELECT date, category, product, amount, units FROM purchases WHERE clnt_id = $id
ORDER BY date, category, product, amount, units`;

export const SEARCHES_SQL = `SELECT date, keyword, searches FROM searches WHERE clnt_id = $id ORDER BY date, keyword`;

/** One member per tier × behaviour type (the one with most purchase lines), to try the page with (run at build time over the customers table). */
export const SAMPLE_SQL = `SELECT clnt_id, tier, type, subtype, lines FROM customers WHERE member
QUALIFY row_number() OVER (PARTITION BY tier, type ORDER BY lines DESC, clnt_id) = 1`;
