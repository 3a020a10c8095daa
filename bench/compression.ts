import { gunzipBase64, gzipBase64, COMPRESSION_THRESHOLD } from '../src/remote/compression'
import { metric, type Metric } from './lib/metrics'

/**
 * `ai_message_compression_ratio`: plain bytes / stored bytes (gzip, base64 as stored in the TEXT column) over a
 * realistic AI chat: assistant answers about SQL with prose, code blocks, query plans and result tables, built from
 * a seeded mix of phrasings (not one repeated string, which would flatter gzip).
 */
const PROSE = [
  'The query is slow because the planner chooses a sequential scan on orders: the filter on created_at is not selective enough for the existing index.',
  'Adding a composite index on (customer_id, created_at) lets Postgres satisfy both the join and the range predicate from the index.',
  'Note that COUNT(DISTINCT ...) forces a sort; if an approximation is acceptable, consider HyperLogLog via the hll extension.',
  'You can confirm the change with EXPLAIN (ANALYZE, BUFFERS): the shared hit count should drop by an order of magnitude.',
  'In MySQL the equivalent is an index on the generated column, because functional indexes on DATE(created_at) are not used by range scans.',
  'Be careful with the LEFT JOIN here: the WHERE clause on the right table turns it into an inner join and silently drops customers without orders.',
  'A window function avoids the self-join: ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY created_at DESC) picks the latest order per customer.',
]
const CODE = [
  'SELECT c.id, c.name, count(o.id) AS orders\nFROM customers c\nLEFT JOIN orders o ON o.customer_id = c.id AND o.created_at >= now() - interval \'30 days\'\nGROUP BY c.id, c.name\nORDER BY orders DESC\nLIMIT 20;',
  'CREATE INDEX CONCURRENTLY idx_orders_customer_created ON orders (customer_id, created_at DESC);',
  'Limit  (cost=0.43..812.77 rows=20 width=44) (actual time=0.061..3.120 rows=20 loops=1)\n  ->  Index Scan using idx_orders_customer_created on orders o  (cost=0.43..40617.43 rows=1000 width=44)\n        Index Cond: (created_at >= (now() - \'30 days\'::interval))\nPlanning Time: 0.201 ms\nExecution Time: 3.190 ms',
  'WITH ranked AS (\n  SELECT o.*, row_number() OVER (PARTITION BY customer_id ORDER BY created_at DESC) AS rn\n  FROM orders o\n)\nSELECT * FROM ranked WHERE rn = 1;',
]

const seeded = (seed: number): (() => number) => () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)

export const chatMessages = (count = 200): string[] => {
  const random = seeded(7)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T
  return Array.from({ length: count }, (_, i) => {
    const parts: string[] = []
    const paragraphs = 2 + Math.floor(random() * 5)
    for (let p = 0; p < paragraphs; p++) {
      parts.push(`${pick(PROSE)} ${pick(PROSE)}`.replace('orders', pick(['orders', 'invoices', 'events', 'sessions'])))
      if (random() < 0.6) parts.push('```sql\n' + pick(CODE).replaceAll('20', String(10 + (i % 50))) + '\n```')
    }
    return parts.join('\n\n')
  })
}

export const benchCompression = async (): Promise<Metric> => {
  const messages = chatMessages().filter((m) => m.length > COMPRESSION_THRESHOLD)
  let plain = 0
  let stored = 0
  for (const message of messages) {
    const packed = await gzipBase64(message)
    if ((await gunzipBase64(packed)) !== message) throw new Error('compression round trip failed')
    plain += new TextEncoder().encode(message).byteLength
    stored += packed.length
  }
  const ratio = Math.round((plain / stored) * 100) / 100
  return metric(ratio, 'x', 'none', 0, `${messages.length} generated assistant answers over the ${COMPRESSION_THRESHOLD}-character threshold (prose, SQL, query plans); UTF-8 bytes / stored base64 bytes, gzip via CompressionStream.`, 'higher is better')
}
