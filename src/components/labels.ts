/**
 * Default copy. Every component takes `labels`, a partial override of its object, so an app can translate or
 * reword any string without forking the component.
 */

/**
 * Relative times come from `Intl.RelativeTimeFormat` in the component's `locale` ("2 minutes ago", "vor 2 Minuten").
 * Set one of these only to reword a unit.
 */
export interface RelativeTimeLabels {
  justNow?: string
  minutesAgo?: (n: number) => string
  hoursAgo?: (n: number) => string
  daysAgo?: (n: number) => string
}

export const relativeTimeLabels: RelativeTimeLabels = {}

export interface SyncStatusLabels extends RelativeTimeLabels {
  synced: (ago: string) => string
  neverSynced: string
  syncing: string
  progress: (done: number, total: number | null) => string
  pending: (n: number) => string
  conflicts: (n: number) => string
  /** The browser is offline. */
  offline: string
  /** The browser is online but the request never got an answer: DNS, CORS, TLS, or the server is down. */
  unreachable: string
  /** What the browser said about it. */
  cause: (message: string) => string
  /** Records the server refused (quarantined): they stay on this device until retried, edited or discarded. */
  notSynced: (n: number) => string
  review: string
  error: (message: string) => string
  retry: string
  needsAuth: string
  signIn: string
  deactivated: string
  // The environment changed under the engine (R12, R13; docs/errors.md says what each needs).
  /** A stop cut a cycle short (phase `aborted`): nothing is wrong. */
  stopped: string
  /** The local data belongs to another account or another server database (phase `identity-mismatch`). */
  identityMismatch: string
  /** The device is out of storage (phase `storage-full`). */
  storageFull: string
  /** The local database was deleted or upgraded in another tab (phase `database-gone`). */
  databaseGone: string
  syncNow: string
}

export const syncStatusLabels: SyncStatusLabels = {
  ...relativeTimeLabels,
  synced: (ago) => `Synced ${ago}`,
  neverSynced: 'Not synced yet',
  syncing: 'Syncing…',
  progress: (done, total) => (total === null ? `${done} done` : `${done} of ${total}`),
  pending: (n) => `${n} pending`,
  conflicts: (n) => (n === 1 ? '1 conflict' : `${n} conflicts`),
  offline: 'Offline',
  unreachable: "Can't reach the sync server",
  cause: (message) => message,
  notSynced: (n) => `${n} not synced`,
  review: 'Review',
  error: (message) => `Sync failed: ${message}`,
  retry: 'Retry',
  needsAuth: 'Sign in again to sync',
  signIn: 'Sign in',
  deactivated: 'Sync is off: this device was deactivated',
  stopped: 'Sync paused',
  identityMismatch: 'Sync is off: the data on this device belongs to another account',
  storageFull: 'This device is out of storage: free some space to sync',
  databaseGone: 'Local data was removed or upgraded in another tab: reload to sync',
  syncNow: 'Sync now',
}

export interface ConflictDialogLabels {
  /** The dialog's name while it has nothing to show. */
  title: string
  /** The dialog's name for one record: its kind and its human name (a query's or connection's name…). */
  recordTitle: (kind: string, name: string) => string
  /** The kind of record, by table. */
  kind: (table: string) => string
  position: (k: number, n: number) => string
  describe: string
  field: string
  mine: string
  theirs: string
  /** The other side's column header when the device that made the edit is known. */
  theirsOn: (deviceName: string) => string
  /** A column's name as the user reads it. */
  fieldLabel: (column: string) => string
  /** A yes/no field's values. */
  yes: string
  no: string
  changed: string
  empty: string
  unchanged: (n: number) => string
  keepMine: string
  keepMineHint: string
  keepTheirs: string
  keepTheirsHint: string
  keepBoth: string
  keepBothHint: string
  editMerged: string
  editMergedHint: string
  saveMerged: string
  cancelEdit: string
  useMine: string
  useTheirs: string
  applyToAll: (n: number) => string
  previous: string
  next: string
  close: string
  noConflicts: string
  failed: (message: string) => string
}

/** Columns whose plain-English name is not their column name with spaces. */
const FIELD_LABELS: Record<string, string> = {
  is_favorite: 'Favorite',
  is_active: 'Active',
  connection_id: 'Connection',
  query_text: 'Query',
  session_id: 'Chat',
  device_id: 'Device',
  device_name: 'Device name',
  db_type: 'Database type',
  ssl_mode: 'SSL mode',
  ai_provider: 'AI provider',
  ai_model: 'AI model',
  token_count: 'Tokens',
  message_count: 'Messages',
  total_tokens: 'Tokens',
  executed_at: 'Run at',
  execution_time_ms: 'Run time (ms)',
  rows_affected: 'Rows',
  privacy_mode: 'Privacy',
  last_used_at: 'Last used',
  setting_key: 'Setting',
  setting_value: 'Value',
}

/** `connection_timeout_ms` → `Connection timeout ms`. */
const humanize = (column: string): string => {
  const words = column.replace(/_id$/, '').replaceAll('_', ' ').trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

export const conflictDialogLabels: ConflictDialogLabels = {
  title: 'Resolve sync conflict',
  recordTitle: (kind, name) => `${kind} “${name}” changed on two devices`,
  kind: (table) =>
    ({
      saved_queries: 'Saved query',
      connection_templates: 'Connection',
      query_history: 'Query',
      ai_memory_sessions: 'Chat',
      ai_memory_messages: 'Chat message',
      user_preferences: 'Setting',
      device_registry: 'Device',
    })[table] ?? table.replaceAll('_', ' '),
  position: (k, n) => `${k} of ${n}`,
  describe: 'Both devices changed the highlighted fields since they last synced. Choose what to keep.',
  field: 'Field',
  mine: 'This device',
  theirs: 'Other device',
  theirsOn: (deviceName) => `On ${deviceName}`,
  fieldLabel: (column) => FIELD_LABELS[column] ?? humanize(column),
  yes: 'Yes',
  no: 'No',
  changed: 'changed',
  empty: 'None',
  unchanged: (n) => (n === 1 ? '1 field is the same on both' : `${n} fields are the same on both`),
  keepMine: 'Keep mine',
  keepMineHint: "This device's version replaces the other one everywhere.",
  keepTheirs: 'Keep theirs',
  keepTheirsHint: "The other device's version replaces this one; your edits here are dropped.",
  keepBoth: 'Keep both',
  keepBothHint: 'Theirs keeps the record; yours is saved beside it as a copy named “(conflicted copy)”.',
  editMerged: 'Edit merged version',
  editMergedHint: 'Pick or type each field yourself; the result replaces both.',
  saveMerged: 'Save merged version',
  cancelEdit: 'Cancel',
  useMine: 'Use mine',
  useTheirs: 'Use theirs',
  applyToAll: (n) => `Apply to all ${n} conflicts`,
  previous: 'Previous',
  next: 'Next',
  close: 'Close',
  noConflicts: 'No conflicts left to resolve.',
  failed: (message) => `Could not resolve: ${message}`,
}

export interface DeviceListLabels extends RelativeTimeLabels {
  title: string
  thisDevice: string
  inactive: string
  /** Synced within the last poll interval. */
  activeNow: string
  lastSeen: (ago: string) => string
  neverSeen: string
  deactivate: string
  reactivate: string
  confirmDeactivate: (name: string) => string
  confirm: string
  cancel: string
  empty: string
  failed: (message: string) => string
}

export const deviceListLabels: DeviceListLabels = {
  ...relativeTimeLabels,
  title: 'Your devices',
  thisDevice: 'This device',
  inactive: 'Deactivated',
  activeNow: 'Active now',
  lastSeen: (ago) => `Last seen ${ago}`,
  neverSeen: 'Never seen',
  deactivate: 'Deactivate',
  reactivate: 'Reactivate',
  confirmDeactivate: (name) => `Deactivate ${name}? It stops syncing until it signs in again.`,
  confirm: 'Deactivate',
  cancel: 'Cancel',
  empty: 'No devices yet.',
  failed: (message) => `Could not change the device: ${message}`,
}

export interface InitialSyncLabels {
  title: string
  preparing: string
  phase: (phase: 'push' | 'pull' | 'bootstrap') => string
  count: (done: number, total: number | null) => string
  offline: string
  unreachable: (cause: string) => string
  error: (message: string) => string
  done: string
}

export const initialSyncLabels: InitialSyncLabels = {
  title: 'Setting up this device',
  preparing: 'Preparing…',
  phase: (phase) => ({ bootstrap: 'Downloading your data', pull: 'Downloading changes', push: 'Uploading changes' })[phase],
  count: (done, total) => (total === null ? `${done} records` : `${done} of ${total} records`),
  offline: 'Waiting for a connection…',
  unreachable: (cause) => `Can't reach the sync server${cause === '' ? '' : ` (${cause})`}. Retrying…`,
  error: (message) => `Sync failed: ${message}. Retrying…`,
  done: 'All your data is on this device.',
}
