-- @howlerops/sync: the per-user Turso / libSQL schema (migration 1).
--
-- Contract
-- * Mirrors src/schema/tables.ts column for column, in the same order; test/schema checks it with PRAGMA table_info.
-- * Every time is INTEGER milliseconds since the Unix epoch (UTC); every boolean is INTEGER 0/1; JSON is TEXT checked
--   with json_valid. All tables are STRICT, so a wrong type is an error instead of a silent coercion.
-- * Idempotent: every statement is IF NOT EXISTS or INSERT OR IGNORE, so applying the file twice is harmless.
-- * The last statement records this file in schema_migrations as version 1. Its checksum is
--   'sha256:' || hex(sha256(T)), where T is the file text (CRLF normalised to LF) up to, not including, the line that
--   consists of exactly the migration-record marker near the end of the file. After editing anything above the marker,
--   run `node scripts/schema-checksum.mjs` to rewrite the literal; a test fails until you do.
--
-- Sync columns (every synced table ends with them)
-- * sync_version: the server's version of the row, bumped by every accepted write. A push applies only where the row is
--   still at the version the device based its edit on (I3).
-- * server_seq: the value of sync_sequence assigned by the push transaction that wrote this version (I1). Pulls page
--   with `WHERE server_seq > :cursor ORDER BY server_seq LIMIT :n` over idx_<table>_pull.
-- * hlc, mutation_id, origin_device_id: who wrote this version, when (hybrid logical clock), and with which mutation.
-- * deleted_at: a tombstone when not NULL. Tombstones are rows like any other: pulls return them so deletes propagate
--   (I6); the views below hide them; a retention job purges old ones through idx_<table>_purge.
--
-- No foreign keys: sync applies rows in any order (a message may arrive before its session, a keep-both copy before
-- its original), and records are tombstoned rather than deleted, so referential rules would reject valid pushes.
--
-- Writers must use INSERT ... ON CONFLICT(<key>) DO UPDATE SET <every column>, never INSERT OR REPLACE: REPLACE deletes
-- the old row without firing the AFTER DELETE triggers that keep the full-text indexes right, and changes `rid`.

-- ---------------------------------------------------------------------------------------------------------------------
-- schema_migrations: applied migrations and their checksums (remote only). applySchema() refuses to run against a
-- database whose recorded checksum no longer matches the migration it ships.
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER NOT NULL PRIMARY KEY,
  name       TEXT    NOT NULL,
  checksum   TEXT    NOT NULL,
  applied_at INTEGER NOT NULL,
  CONSTRAINT schema_migrations_version CHECK (version > 0),
  CONSTRAINT schema_migrations_checksum CHECK (checksum GLOB 'sha256:*')
) STRICT;

-- ---------------------------------------------------------------------------------------------------------------------
-- sync_sequence: the server-side monotonic change sequence (I1). Internal to the protocol, one row.
-- A push is one write transaction that reads `seq`, gives the k-th row it writes `server_seq = seq + k` (k = 1, 2, ...),
-- and sets `seq = seq + n` once at the end. Because the sequence is read and bumped inside the same transaction as
-- the rows, a committed change always carries a server_seq greater than every cursor a pull handed out before it
-- committed, whatever the devices' clocks say, so a keyset pull never skips it. Values are unique across all tables.
-- purged_seq is the retention watermark (R3): the highest server_seq of any tombstone the retention job has purged.
-- A device whose pull cursor lies below it may have missed a deletion and does a full reconcile (I6); no device
-- clock takes part in that decision. Pull cursors advance to `seq` whenever a table has nothing more to pull.
CREATE TABLE IF NOT EXISTS sync_sequence (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  seq        INTEGER NOT NULL CHECK (seq >= 0),
  purged_seq INTEGER NOT NULL DEFAULT 0 CHECK (purged_seq >= 0)
) STRICT;

INSERT OR IGNORE INTO sync_sequence (id, seq) VALUES (1, 0);

-- ---------------------------------------------------------------------------------------------------------------------
-- sync_identity: which database this is and whose (R12), and its generation (R13). Internal to the protocol, one row.
-- The first push claims an empty database for its user (provisioning may claim it first); from then on every push
-- statement applies only when its user is this user_id and, once the device knows it, its database_id is this one, so
-- one user's rows never land in another's database. database_id survives a restore from backup (it is in the backup);
-- generation is a fresh random id whenever a device detects that the database went back in time (its sequence fell
-- below what that device had seen), so every other device learns of the rewind too, even after the sequence has
-- moved past their cursors again. Ids are random on the server (randomblob), never a device's choice.
CREATE TABLE IF NOT EXISTS sync_identity (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  database_id TEXT    NOT NULL,
  user_id     TEXT    NOT NULL,
  generation  TEXT    NOT NULL,
  created_at  INTEGER NOT NULL
) STRICT;

-- sync_log: one row per push transaction, keyed by the sequence it ended at, with a random head (R13). A device
-- remembers the last (seq, head) it saw; if the server no longer has that row (or has another head at that seq), the
-- database went back in time, however far the sequence has moved on since. Rows at or below purged_seq may be
-- dropped by retention (a device that far behind does a full reconcile anyway).
CREATE TABLE IF NOT EXISTS sync_log (
  seq  INTEGER NOT NULL PRIMARY KEY,
  head TEXT    NOT NULL
) STRICT;

-- ---------------------------------------------------------------------------------------------------------------------
-- user_preferences: UI settings. device_id NULL = global (synced); set = device-specific (stays on its device).
CREATE TABLE IF NOT EXISTS user_preferences (
  id               TEXT    NOT NULL PRIMARY KEY,
  device_id        TEXT,
  key              TEXT    NOT NULL,
  value            TEXT    NOT NULL,
  user_id          TEXT    NOT NULL,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  deleted_at       INTEGER,
  sync_version     INTEGER NOT NULL DEFAULT 0,
  server_seq       INTEGER NOT NULL DEFAULT 0,
  hlc              TEXT    NOT NULL DEFAULT '',
  mutation_id      TEXT,
  origin_device_id TEXT,
  CONSTRAINT user_preferences_value_json CHECK (json_valid(value)),
  CONSTRAINT user_preferences_sync CHECK (sync_version >= 0 AND server_seq >= 0)
) STRICT;

-- Index trade (every index entry is a billed row written on each insert, and on each update that sets its columns):
-- each index below earns it with a reader named beside it. *_pull: the keyset pull (I1), without it every poll scans
-- the table. *_purge: the daily tombstone purge; partial, so live rows carry no entry.
CREATE INDEX IF NOT EXISTS idx_user_preferences_pull ON user_preferences (server_seq);
-- One live global value per key, and one live device-specific value per (device, key). Tombstones do not count, so a
-- deleted preference can be set again under a new id.
CREATE UNIQUE INDEX IF NOT EXISTS ux_user_preferences_global_key
  ON user_preferences (user_id, key) WHERE device_id IS NULL AND deleted_at IS NULL;
CREATE UNIQUE INDEX IF NOT EXISTS ux_user_preferences_device_key
  ON user_preferences (user_id, device_id, key) WHERE device_id IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS idx_user_preferences_purge ON user_preferences (deleted_at) WHERE deleted_at IS NOT NULL;

-- ---------------------------------------------------------------------------------------------------------------------
-- connection_templates: connection metadata. Never a password: secrets are stripped on the device before a row is
-- stored or sent (I10).
CREATE TABLE IF NOT EXISTS connection_templates (
  connection_id    TEXT    NOT NULL PRIMARY KEY,
  name             TEXT    NOT NULL,
  type             TEXT    NOT NULL,
  host             TEXT,
  port             INTEGER,
  database_name    TEXT,
  file_path        TEXT,
  username         TEXT,
  ssl_mode         TEXT,
  parameters       TEXT,
  ssh_tunnel       TEXT,
  environment      TEXT,
  color            TEXT,
  folder           TEXT,
  tags             TEXT,
  user_id          TEXT    NOT NULL,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  deleted_at       INTEGER,
  sync_version     INTEGER NOT NULL DEFAULT 0,
  server_seq       INTEGER NOT NULL DEFAULT 0,
  hlc              TEXT    NOT NULL DEFAULT '',
  mutation_id      TEXT,
  origin_device_id TEXT,
  -- Keep in step with CONNECTION_TYPES in src/schema/tables.ts (a test checks it).
  CONSTRAINT connection_templates_type CHECK (type IN (
    'postgres', 'mysql', 'mariadb', 'sqlite', 'mssql', 'oracle', 'mongodb', 'redis', 'clickhouse', 'duckdb', 'turso'
  )),
  -- File databases need no host or port; everything else needs a host.
  CONSTRAINT connection_templates_host CHECK (
    type IN ('sqlite', 'duckdb') OR (host IS NOT NULL AND length(trim(host)) > 0)
  ),
  CONSTRAINT connection_templates_port CHECK (port IS NULL OR port BETWEEN 1 AND 65535),
  CONSTRAINT connection_templates_parameters_json CHECK (parameters IS NULL OR json_valid(parameters)),
  CONSTRAINT connection_templates_ssh_tunnel_json CHECK (ssh_tunnel IS NULL OR json_valid(ssh_tunnel)),
  CONSTRAINT connection_templates_tags_json CHECK (tags IS NULL OR json_valid(tags)),
  CONSTRAINT connection_templates_sync CHECK (sync_version >= 0 AND server_seq >= 0)
) STRICT;

CREATE INDEX IF NOT EXISTS idx_connection_templates_pull ON connection_templates (server_seq);
-- Serves the active_connections view; a few dozen rows written rarely, so the entry costs almost nothing.
CREATE INDEX IF NOT EXISTS idx_connection_templates_name ON connection_templates (name) WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS idx_connection_templates_purge
  ON connection_templates (deleted_at) WHERE deleted_at IS NOT NULL;

-- ---------------------------------------------------------------------------------------------------------------------
-- query_history: executed queries, sanitized on the device. privacy_mode = 'private' rows never leave the device.
-- rid is server-only: the integer rowid of the full-text index, stable under VACUUM. id is the synced key.
CREATE TABLE IF NOT EXISTS query_history (
  rid              INTEGER PRIMARY KEY,
  id               TEXT    NOT NULL UNIQUE,
  connection_id    TEXT,
  query_text       TEXT    NOT NULL,
  executed_at      INTEGER NOT NULL,
  duration_ms      INTEGER,
  rows_affected    INTEGER,
  status           TEXT    NOT NULL,
  error_message    TEXT,
  privacy_mode     TEXT    NOT NULL DEFAULT 'normal',
  user_id          TEXT    NOT NULL,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  deleted_at       INTEGER,
  sync_version     INTEGER NOT NULL DEFAULT 0,
  server_seq       INTEGER NOT NULL DEFAULT 0,
  hlc              TEXT    NOT NULL DEFAULT '',
  mutation_id      TEXT,
  origin_device_id TEXT,
  CONSTRAINT query_history_status CHECK (status IN ('success', 'error', 'cancelled')),
  CONSTRAINT query_history_privacy_mode CHECK (privacy_mode IN ('normal', 'private')),
  CONSTRAINT query_history_duration CHECK (duration_ms IS NULL OR duration_ms >= 0),
  CONSTRAINT query_history_sync CHECK (sync_version >= 0 AND server_seq >= 0)
) STRICT;

CREATE INDEX IF NOT EXISTS idx_query_history_pull ON query_history (server_seq);
-- The daily retention (age cutoff and newest-N) and the recent_query_history view read history by executed_at.
CREATE INDEX IF NOT EXISTS idx_query_history_executed_at ON query_history (executed_at);
-- No (connection_id, executed_at) index: history is the most written table and no server query filters it by
-- connection (devices read their own history from IndexedDB), so it would cost a row on every push for no reader.
CREATE INDEX IF NOT EXISTS idx_query_history_purge ON query_history (deleted_at) WHERE deleted_at IS NOT NULL;

-- ---------------------------------------------------------------------------------------------------------------------
-- saved_queries: the user's query library. rid as in query_history.
CREATE TABLE IF NOT EXISTS saved_queries (
  rid              INTEGER PRIMARY KEY,
  id               TEXT    NOT NULL UNIQUE,
  name             TEXT    NOT NULL,
  description      TEXT,
  query_text       TEXT    NOT NULL,
  connection_id    TEXT,
  folder           TEXT,
  tags             TEXT,
  is_favorite      INTEGER NOT NULL DEFAULT 0,
  user_id          TEXT    NOT NULL,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  deleted_at       INTEGER,
  sync_version     INTEGER NOT NULL DEFAULT 0,
  server_seq       INTEGER NOT NULL DEFAULT 0,
  hlc              TEXT    NOT NULL DEFAULT '',
  mutation_id      TEXT,
  origin_device_id TEXT,
  CONSTRAINT saved_queries_tags_json CHECK (tags IS NULL OR json_valid(tags)),
  CONSTRAINT saved_queries_is_favorite CHECK (is_favorite IN (0, 1)),
  CONSTRAINT saved_queries_sync CHECK (sync_version >= 0 AND server_seq >= 0)
) STRICT;

CREATE INDEX IF NOT EXISTS idx_saved_queries_pull ON saved_queries (server_seq);
-- No (folder, name) index: no server query lists saved queries by folder (devices do, in IndexedDB).
-- Serves the favorite_saved_queries view; partial, so only favourites carry an entry.
CREATE INDEX IF NOT EXISTS idx_saved_queries_favorites
  ON saved_queries (name) WHERE is_favorite = 1 AND deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS idx_saved_queries_purge ON saved_queries (deleted_at) WHERE deleted_at IS NOT NULL;

-- ---------------------------------------------------------------------------------------------------------------------
-- ai_memory_sessions: AI chat sessions. message_count and token_count are kept by the merge strategy (recomputed from
-- the union of messages), so views can read them without counting messages.
CREATE TABLE IF NOT EXISTS ai_memory_sessions (
  id               TEXT    NOT NULL PRIMARY KEY,
  title            TEXT    NOT NULL,
  connection_id    TEXT,
  model            TEXT,
  summary          TEXT,
  message_count    INTEGER NOT NULL DEFAULT 0,
  token_count      INTEGER NOT NULL DEFAULT 0,
  last_message_at  INTEGER,
  metadata         TEXT,
  user_id          TEXT    NOT NULL,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  deleted_at       INTEGER,
  sync_version     INTEGER NOT NULL DEFAULT 0,
  server_seq       INTEGER NOT NULL DEFAULT 0,
  hlc              TEXT    NOT NULL DEFAULT '',
  mutation_id      TEXT,
  origin_device_id TEXT,
  CONSTRAINT ai_memory_sessions_counts CHECK (message_count >= 0 AND token_count >= 0),
  CONSTRAINT ai_memory_sessions_metadata_json CHECK (metadata IS NULL OR json_valid(metadata)),
  CONSTRAINT ai_memory_sessions_sync CHECK (sync_version >= 0 AND server_seq >= 0)
) STRICT;

CREATE INDEX IF NOT EXISTS idx_ai_memory_sessions_pull ON ai_memory_sessions (server_seq);
-- No last_message_at index: ai_session_summaries orders by coalesce(last_message_at, updated_at), which such an
-- index cannot serve, and nothing else reads sessions by it.
CREATE INDEX IF NOT EXISTS idx_ai_memory_sessions_purge
  ON ai_memory_sessions (deleted_at) WHERE deleted_at IS NOT NULL;

-- ---------------------------------------------------------------------------------------------------------------------
-- ai_memory_messages: AI chat messages. content may be stored gzip-compressed and base64-encoded on the server
-- (content_encoding = 'gzip-base64'); devices always hold plain text.
CREATE TABLE IF NOT EXISTS ai_memory_messages (
  id               TEXT    NOT NULL PRIMARY KEY,
  session_id       TEXT    NOT NULL,
  role             TEXT    NOT NULL,
  content          TEXT    NOT NULL,
  content_encoding TEXT    NOT NULL DEFAULT 'identity',
  token_count      INTEGER NOT NULL DEFAULT 0,
  metadata         TEXT,
  user_id          TEXT    NOT NULL,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  deleted_at       INTEGER,
  sync_version     INTEGER NOT NULL DEFAULT 0,
  server_seq       INTEGER NOT NULL DEFAULT 0,
  hlc              TEXT    NOT NULL DEFAULT '',
  mutation_id      TEXT,
  origin_device_id TEXT,
  CONSTRAINT ai_memory_messages_role CHECK (role IN ('user', 'assistant', 'system', 'tool')),
  CONSTRAINT ai_memory_messages_content_encoding CHECK (content_encoding IN ('identity', 'gzip-base64')),
  CONSTRAINT ai_memory_messages_token_count CHECK (token_count >= 0),
  CONSTRAINT ai_memory_messages_metadata_json CHECK (metadata IS NULL OR json_valid(metadata)),
  CONSTRAINT ai_memory_messages_sync CHECK (sync_version >= 0 AND server_seq >= 0)
) STRICT;

CREATE INDEX IF NOT EXISTS idx_ai_memory_messages_pull ON ai_memory_messages (server_seq);
-- The push outcome of an AI session counts its messages (the merge strategy's totals, I7) through this index;
-- without it that count scans every message.
CREATE INDEX IF NOT EXISTS idx_ai_memory_messages_session ON ai_memory_messages (session_id, created_at);
CREATE INDEX IF NOT EXISTS idx_ai_memory_messages_purge
  ON ai_memory_messages (deleted_at) WHERE deleted_at IS NOT NULL;

-- ---------------------------------------------------------------------------------------------------------------------
-- sync_metadata: the exactly-once record (I2), remote only, for the one case the row itself cannot answer. A row
-- records who wrote its current version (mutation_id, origin_device_id, sync_version, server_seq), and that answers
-- "was this device's mutation applied?" while the device is still the last writer. When another device (or the
-- retention job) overwrites a version, the <table>_exactly_once trigger below keeps the overwritten author's last
-- mutation here: one row per (entity, device), the mutation id, the sync_version it produced and its server_seq. A
-- retried push whose first attempt committed (its response was lost) finds its mutation on the row or here and is
-- acknowledged with the recorded version instead of being applied again (the version check already refuses that) or
-- reported as a conflict.
-- Trade: written only when a record changes author (cross-device edits), not on every push: a push used to write
-- this row and its index for every record, two billed writes of the four a record cost.
CREATE TABLE IF NOT EXISTS sync_metadata (
  entity_type      TEXT    NOT NULL,
  entity_id        TEXT    NOT NULL,
  device_id        TEXT    NOT NULL,
  user_id          TEXT    NOT NULL,
  last_mutation_id TEXT    NOT NULL,
  last_version     INTEGER NOT NULL,
  server_seq       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  PRIMARY KEY (entity_type, entity_id, device_id),
  CONSTRAINT sync_metadata_entity_type CHECK (entity_type IN (
    'user_preferences', 'connection_templates', 'query_history', 'saved_queries', 'ai_memory_sessions',
    'ai_memory_messages', 'device_registry', 'sync_conflicts_archive'
  )),
  CONSTRAINT sync_metadata_version CHECK (last_version >= 0 AND server_seq >= 0)
) STRICT, WITHOUT ROWID;

-- No index on device_id: nothing looks rows up by device alone, and an index would double the trigger's writes.

-- ---------------------------------------------------------------------------------------------------------------------
-- device_registry: the user's devices.
CREATE TABLE IF NOT EXISTS device_registry (
  device_id        TEXT    NOT NULL PRIMARY KEY,
  device_name      TEXT    NOT NULL,
  device_type      TEXT    NOT NULL,
  browser          TEXT,
  os               TEXT,
  app_version      TEXT,
  is_active        INTEGER NOT NULL DEFAULT 1,
  registered_at    INTEGER NOT NULL,
  last_seen        INTEGER,
  last_sync        INTEGER,
  user_id          TEXT    NOT NULL,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  deleted_at       INTEGER,
  sync_version     INTEGER NOT NULL DEFAULT 0,
  server_seq       INTEGER NOT NULL DEFAULT 0,
  hlc              TEXT    NOT NULL DEFAULT '',
  mutation_id      TEXT,
  origin_device_id TEXT,
  -- Keep in step with DEVICE_TYPES in src/schema/tables.ts (a test checks it).
  CONSTRAINT device_registry_device_type CHECK (device_type IN (
    'desktop', 'laptop', 'mobile', 'tablet', 'server', 'unknown'
  )),
  CONSTRAINT device_registry_is_active CHECK (is_active IN (0, 1)),
  CONSTRAINT device_registry_sync CHECK (sync_version >= 0 AND server_seq >= 0)
) STRICT;

CREATE INDEX IF NOT EXISTS idx_device_registry_pull ON device_registry (server_seq);
CREATE INDEX IF NOT EXISTS idx_device_registry_purge ON device_registry (deleted_at) WHERE deleted_at IS NOT NULL;

-- ---------------------------------------------------------------------------------------------------------------------
-- sync_conflicts_archive: every conflict and how it was resolved. Append-only from the devices (push-only).
-- Retention deletes by detected_at (idx_sync_conflicts_archive_detected_at).
CREATE TABLE IF NOT EXISTS sync_conflicts_archive (
  id                TEXT    NOT NULL PRIMARY KEY,
  entity_type       TEXT    NOT NULL,
  entity_id         TEXT    NOT NULL,
  device_id         TEXT    NOT NULL,
  strategy          TEXT    NOT NULL,
  resolution        TEXT,
  base_snapshot     TEXT,
  local_snapshot    TEXT,
  remote_snapshot   TEXT,
  resolved_snapshot TEXT,
  resolved_by       TEXT,
  detected_at       INTEGER NOT NULL,
  resolved_at       INTEGER,
  user_id           TEXT    NOT NULL,
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  deleted_at        INTEGER,
  sync_version      INTEGER NOT NULL DEFAULT 0,
  server_seq        INTEGER NOT NULL DEFAULT 0,
  hlc               TEXT    NOT NULL DEFAULT '',
  mutation_id       TEXT,
  origin_device_id  TEXT,
  -- Keep in step with ARCHIVE_STRATEGIES in src/schema/tables.ts (a test checks it). keep-both is included.
  CONSTRAINT sync_conflicts_archive_strategy CHECK (strategy IN (
    'last-write-wins', 'keep-both', 'merge', 'manual', 'auto-merge', 'custom', 'server-wins', 'recompute'
  )),
  CONSTRAINT sync_conflicts_archive_resolution CHECK (
    resolution IS NULL OR resolution IN ('local', 'remote', 'both', 'merged')
  ),
  CONSTRAINT sync_conflicts_archive_resolved_by CHECK (resolved_by IS NULL OR resolved_by IN ('auto', 'user')),
  CONSTRAINT sync_conflicts_archive_base_json CHECK (base_snapshot IS NULL OR json_valid(base_snapshot)),
  CONSTRAINT sync_conflicts_archive_local_json CHECK (local_snapshot IS NULL OR json_valid(local_snapshot)),
  CONSTRAINT sync_conflicts_archive_remote_json CHECK (remote_snapshot IS NULL OR json_valid(remote_snapshot)),
  CONSTRAINT sync_conflicts_archive_resolved_json CHECK (resolved_snapshot IS NULL OR json_valid(resolved_snapshot)),
  CONSTRAINT sync_conflicts_archive_sync CHECK (sync_version >= 0 AND server_seq >= 0)
) STRICT;

-- No (entity_type, entity_id) index: the archive is push-only and no server query looks conflicts up by record.
-- detected_at: the archive retention delete and recent_conflicts; pending: the pending_conflicts view.
CREATE INDEX IF NOT EXISTS idx_sync_conflicts_archive_detected_at ON sync_conflicts_archive (detected_at);
CREATE INDEX IF NOT EXISTS idx_sync_conflicts_archive_pending
  ON sync_conflicts_archive (detected_at) WHERE resolved_at IS NULL AND deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS idx_sync_conflicts_archive_purge
  ON sync_conflicts_archive (deleted_at) WHERE deleted_at IS NOT NULL;

-- ---------------------------------------------------------------------------------------------------------------------
-- user_statistics: DERIVED, never edited by hand. The engine's leader recomputes a user's row at most a few times a
-- day with RECOMPUTE_USER_STATISTICS_SQL (src/server/userStatistics.ts, one INSERT ... ON CONFLICT DO UPDATE of every
-- column). There are deliberately no triggers keeping it live: Turso bills every row a trigger writes, so counters
-- maintained on each change would cost more writes than the data itself.
CREATE TABLE IF NOT EXISTS user_statistics (
  user_id             TEXT    NOT NULL PRIMARY KEY,
  total_connections   INTEGER NOT NULL DEFAULT 0,
  total_saved_queries INTEGER NOT NULL DEFAULT 0,
  total_query_history INTEGER NOT NULL DEFAULT 0,
  total_ai_sessions   INTEGER NOT NULL DEFAULT 0,
  total_ai_messages   INTEGER NOT NULL DEFAULT 0,
  total_devices       INTEGER NOT NULL DEFAULT 0,
  storage_bytes       INTEGER NOT NULL DEFAULT 0,
  last_activity_at    INTEGER,
  computed_at         INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL,
  CONSTRAINT user_statistics_counts CHECK (
    total_connections >= 0 AND total_saved_queries >= 0 AND total_query_history >= 0 AND total_ai_sessions >= 0
    AND total_ai_messages >= 0 AND total_devices >= 0 AND storage_bytes >= 0
  )
) STRICT;

-- ---------------------------------------------------------------------------------------------------------------------
-- Exactly-once triggers (I2): when a write changes a row's origin_device_id, the overwritten author's last mutation
-- goes to sync_metadata (see there). They fire on the push upsert's update path, the tombstone and the retention job
-- alike; the WHEN clause makes a device's edits of its own records, and creates, cost nothing here.

CREATE TRIGGER IF NOT EXISTS user_preferences_exactly_once AFTER UPDATE OF origin_device_id ON user_preferences
WHEN old.origin_device_id IS NOT new.origin_device_id AND old.origin_device_id IS NOT NULL AND old.mutation_id IS NOT NULL
BEGIN
  INSERT INTO sync_metadata (entity_type, entity_id, device_id, user_id, last_mutation_id, last_version, server_seq, updated_at)
  VALUES ('user_preferences', old.id, old.origin_device_id, old.user_id, old.mutation_id, old.sync_version, old.server_seq,
    CAST(unixepoch('subsec') * 1000 AS INTEGER))
  ON CONFLICT (entity_type, entity_id, device_id) DO UPDATE SET last_mutation_id = excluded.last_mutation_id,
    last_version = excluded.last_version, server_seq = excluded.server_seq, updated_at = excluded.updated_at;
END;

CREATE TRIGGER IF NOT EXISTS connection_templates_exactly_once AFTER UPDATE OF origin_device_id ON connection_templates
WHEN old.origin_device_id IS NOT new.origin_device_id AND old.origin_device_id IS NOT NULL AND old.mutation_id IS NOT NULL
BEGIN
  INSERT INTO sync_metadata (entity_type, entity_id, device_id, user_id, last_mutation_id, last_version, server_seq, updated_at)
  VALUES ('connection_templates', old.connection_id, old.origin_device_id, old.user_id, old.mutation_id, old.sync_version, old.server_seq,
    CAST(unixepoch('subsec') * 1000 AS INTEGER))
  ON CONFLICT (entity_type, entity_id, device_id) DO UPDATE SET last_mutation_id = excluded.last_mutation_id,
    last_version = excluded.last_version, server_seq = excluded.server_seq, updated_at = excluded.updated_at;
END;

CREATE TRIGGER IF NOT EXISTS query_history_exactly_once AFTER UPDATE OF origin_device_id ON query_history
WHEN old.origin_device_id IS NOT new.origin_device_id AND old.origin_device_id IS NOT NULL AND old.mutation_id IS NOT NULL
BEGIN
  INSERT INTO sync_metadata (entity_type, entity_id, device_id, user_id, last_mutation_id, last_version, server_seq, updated_at)
  VALUES ('query_history', old.id, old.origin_device_id, old.user_id, old.mutation_id, old.sync_version, old.server_seq,
    CAST(unixepoch('subsec') * 1000 AS INTEGER))
  ON CONFLICT (entity_type, entity_id, device_id) DO UPDATE SET last_mutation_id = excluded.last_mutation_id,
    last_version = excluded.last_version, server_seq = excluded.server_seq, updated_at = excluded.updated_at;
END;

CREATE TRIGGER IF NOT EXISTS saved_queries_exactly_once AFTER UPDATE OF origin_device_id ON saved_queries
WHEN old.origin_device_id IS NOT new.origin_device_id AND old.origin_device_id IS NOT NULL AND old.mutation_id IS NOT NULL
BEGIN
  INSERT INTO sync_metadata (entity_type, entity_id, device_id, user_id, last_mutation_id, last_version, server_seq, updated_at)
  VALUES ('saved_queries', old.id, old.origin_device_id, old.user_id, old.mutation_id, old.sync_version, old.server_seq,
    CAST(unixepoch('subsec') * 1000 AS INTEGER))
  ON CONFLICT (entity_type, entity_id, device_id) DO UPDATE SET last_mutation_id = excluded.last_mutation_id,
    last_version = excluded.last_version, server_seq = excluded.server_seq, updated_at = excluded.updated_at;
END;

CREATE TRIGGER IF NOT EXISTS ai_memory_sessions_exactly_once AFTER UPDATE OF origin_device_id ON ai_memory_sessions
WHEN old.origin_device_id IS NOT new.origin_device_id AND old.origin_device_id IS NOT NULL AND old.mutation_id IS NOT NULL
BEGIN
  INSERT INTO sync_metadata (entity_type, entity_id, device_id, user_id, last_mutation_id, last_version, server_seq, updated_at)
  VALUES ('ai_memory_sessions', old.id, old.origin_device_id, old.user_id, old.mutation_id, old.sync_version, old.server_seq,
    CAST(unixepoch('subsec') * 1000 AS INTEGER))
  ON CONFLICT (entity_type, entity_id, device_id) DO UPDATE SET last_mutation_id = excluded.last_mutation_id,
    last_version = excluded.last_version, server_seq = excluded.server_seq, updated_at = excluded.updated_at;
END;

CREATE TRIGGER IF NOT EXISTS ai_memory_messages_exactly_once AFTER UPDATE OF origin_device_id ON ai_memory_messages
WHEN old.origin_device_id IS NOT new.origin_device_id AND old.origin_device_id IS NOT NULL AND old.mutation_id IS NOT NULL
BEGIN
  INSERT INTO sync_metadata (entity_type, entity_id, device_id, user_id, last_mutation_id, last_version, server_seq, updated_at)
  VALUES ('ai_memory_messages', old.id, old.origin_device_id, old.user_id, old.mutation_id, old.sync_version, old.server_seq,
    CAST(unixepoch('subsec') * 1000 AS INTEGER))
  ON CONFLICT (entity_type, entity_id, device_id) DO UPDATE SET last_mutation_id = excluded.last_mutation_id,
    last_version = excluded.last_version, server_seq = excluded.server_seq, updated_at = excluded.updated_at;
END;

CREATE TRIGGER IF NOT EXISTS device_registry_exactly_once AFTER UPDATE OF origin_device_id ON device_registry
WHEN old.origin_device_id IS NOT new.origin_device_id AND old.origin_device_id IS NOT NULL AND old.mutation_id IS NOT NULL
BEGIN
  INSERT INTO sync_metadata (entity_type, entity_id, device_id, user_id, last_mutation_id, last_version, server_seq, updated_at)
  VALUES ('device_registry', old.device_id, old.origin_device_id, old.user_id, old.mutation_id, old.sync_version, old.server_seq,
    CAST(unixepoch('subsec') * 1000 AS INTEGER))
  ON CONFLICT (entity_type, entity_id, device_id) DO UPDATE SET last_mutation_id = excluded.last_mutation_id,
    last_version = excluded.last_version, server_seq = excluded.server_seq, updated_at = excluded.updated_at;
END;

CREATE TRIGGER IF NOT EXISTS sync_conflicts_archive_exactly_once AFTER UPDATE OF origin_device_id ON sync_conflicts_archive
WHEN old.origin_device_id IS NOT new.origin_device_id AND old.origin_device_id IS NOT NULL AND old.mutation_id IS NOT NULL
BEGIN
  INSERT INTO sync_metadata (entity_type, entity_id, device_id, user_id, last_mutation_id, last_version, server_seq, updated_at)
  VALUES ('sync_conflicts_archive', old.id, old.origin_device_id, old.user_id, old.mutation_id, old.sync_version, old.server_seq,
    CAST(unixepoch('subsec') * 1000 AS INTEGER))
  ON CONFLICT (entity_type, entity_id, device_id) DO UPDATE SET last_mutation_id = excluded.last_mutation_id,
    last_version = excluded.last_version, server_seq = excluded.server_seq, updated_at = excluded.updated_at;
END;

-- ---------------------------------------------------------------------------------------------------------------------
-- Full-text search. External-content FTS5 tables keyed by the integer rid (an FTS rowid must be an integer: defect 2).
-- The triggers keep each index equal to its table: insert the new row, and for an update or delete first remove the
-- old row with the 'delete' command, which needs the OLD values. The update triggers fire only when an indexed column
-- (or rid) really changed, so sync-column updates cost no extra billed writes.
-- Tombstones stay indexed until purged (so 'integrity-check' holds); search queries join the table and filter
-- deleted_at IS NULL.

CREATE VIRTUAL TABLE IF NOT EXISTS saved_queries_fts USING fts5(
  name, description, query_text,
  content = 'saved_queries', content_rowid = 'rid'
);

CREATE TRIGGER IF NOT EXISTS saved_queries_fts_insert AFTER INSERT ON saved_queries BEGIN
  INSERT INTO saved_queries_fts (rowid, name, description, query_text)
  VALUES (new.rid, new.name, new.description, new.query_text);
END;

CREATE TRIGGER IF NOT EXISTS saved_queries_fts_delete AFTER DELETE ON saved_queries BEGIN
  INSERT INTO saved_queries_fts (saved_queries_fts, rowid, name, description, query_text)
  VALUES ('delete', old.rid, old.name, old.description, old.query_text);
END;

CREATE TRIGGER IF NOT EXISTS saved_queries_fts_update AFTER UPDATE OF rid, name, description, query_text
ON saved_queries
WHEN old.rid IS NOT new.rid OR old.name IS NOT new.name OR old.description IS NOT new.description
  OR old.query_text IS NOT new.query_text
BEGIN
  INSERT INTO saved_queries_fts (saved_queries_fts, rowid, name, description, query_text)
  VALUES ('delete', old.rid, old.name, old.description, old.query_text);
  INSERT INTO saved_queries_fts (rowid, name, description, query_text)
  VALUES (new.rid, new.name, new.description, new.query_text);
END;

CREATE VIRTUAL TABLE IF NOT EXISTS query_history_fts USING fts5(
  query_text,
  content = 'query_history', content_rowid = 'rid'
);

CREATE TRIGGER IF NOT EXISTS query_history_fts_insert AFTER INSERT ON query_history BEGIN
  INSERT INTO query_history_fts (rowid, query_text) VALUES (new.rid, new.query_text);
END;

CREATE TRIGGER IF NOT EXISTS query_history_fts_delete AFTER DELETE ON query_history BEGIN
  INSERT INTO query_history_fts (query_history_fts, rowid, query_text) VALUES ('delete', old.rid, old.query_text);
END;

CREATE TRIGGER IF NOT EXISTS query_history_fts_update AFTER UPDATE OF rid, query_text ON query_history
WHEN old.rid IS NOT new.rid OR old.query_text IS NOT new.query_text
BEGIN
  INSERT INTO query_history_fts (query_history_fts, rowid, query_text) VALUES ('delete', old.rid, old.query_text);
  INSERT INTO query_history_fts (rowid, query_text) VALUES (new.rid, new.query_text);
END;

-- ---------------------------------------------------------------------------------------------------------------------
-- Views for the app. All hide tombstones. "Recent" means the last 30 days. SELECT * follows the tables as they evolve.

CREATE VIEW IF NOT EXISTS active_connections AS
  SELECT * FROM connection_templates WHERE deleted_at IS NULL ORDER BY name;

CREATE VIEW IF NOT EXISTS recent_query_history AS
  SELECT * FROM query_history
  WHERE deleted_at IS NULL AND executed_at >= (unixepoch() - 30 * 86400) * 1000
  ORDER BY executed_at DESC;

CREATE VIEW IF NOT EXISTS favorite_saved_queries AS
  SELECT * FROM saved_queries WHERE is_favorite = 1 AND deleted_at IS NULL ORDER BY name;

-- Reads the stored counts; counting messages here would scan (and bill) every message on every read.
CREATE VIEW IF NOT EXISTS ai_session_summaries AS
  SELECT id, title, connection_id, model, summary, message_count, token_count, last_message_at,
         coalesce(last_message_at, updated_at) AS last_activity_at, created_at, updated_at
  FROM ai_memory_sessions
  WHERE deleted_at IS NULL
  ORDER BY last_activity_at DESC;

CREATE VIEW IF NOT EXISTS active_devices AS
  SELECT * FROM device_registry WHERE is_active = 1 AND deleted_at IS NULL ORDER BY last_seen DESC;

-- Conflicts still waiting for a decision (the manual strategy), oldest first.
CREATE VIEW IF NOT EXISTS pending_conflicts AS
  SELECT * FROM sync_conflicts_archive WHERE resolved_at IS NULL AND deleted_at IS NULL ORDER BY detected_at;

CREATE VIEW IF NOT EXISTS recent_conflicts AS
  SELECT * FROM sync_conflicts_archive
  WHERE deleted_at IS NULL AND detected_at >= (unixepoch() - 30 * 86400) * 1000
  ORDER BY detected_at DESC;

-- @migration-record
INSERT OR IGNORE INTO schema_migrations (version, name, checksum, applied_at)
VALUES (1, 'initial', 'sha256:5641da9474eccee1c00b532c1b6b84c5f7896c03947e13a89d3407f89a293466', CAST(unixepoch('subsec') * 1000 AS INTEGER));
