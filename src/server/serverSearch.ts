/**
 * Drops the full-text objects of `schema.sql` (triggers first, then the FTS5 tables with their shadow tables), for
 * a sealing app: FTS cannot index ciphertext, search runs on the device, and each trigger write is billed.
 * Idempotent.
 */
export const DROP_SERVER_SEARCH_SQL: string = ['saved_queries', 'query_history']
  .flatMap((t) => [...['insert', 'delete', 'update'].map((w) => `DROP TRIGGER IF EXISTS ${t}_fts_${w};`), `DROP TABLE IF EXISTS ${t}_fts;`])
  .join('\n')
