/**
 * Default copy. Every component takes `labels`, a partial override of its object, so an app can translate or
 * reword any string without forking the component.
 */

export interface RelativeTimeLabels {
  justNow: string
  minutesAgo: (n: number) => string
  hoursAgo: (n: number) => string
  daysAgo: (n: number) => string
}

export const relativeTimeLabels: RelativeTimeLabels = {
  justNow: 'just now',
  minutesAgo: (n) => `${n} min ago`,
  hoursAgo: (n) => `${n} h ago`,
  daysAgo: (n) => (n === 1 ? 'yesterday' : `${n} days ago`),
}

export interface SyncStatusLabels extends RelativeTimeLabels {
  synced: (ago: string) => string
  neverSynced: string
  syncing: string
  progress: (done: number, total: number | null) => string
  pending: (n: number) => string
  conflicts: (n: number) => string
  offline: string
  error: (message: string) => string
  retry: string
  needsAuth: string
  signIn: string
  deactivated: string
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
  error: (message) => `Sync failed: ${message}`,
  retry: 'Retry',
  needsAuth: 'Sign in again to sync',
  signIn: 'Sign in',
  deactivated: 'Sync is off: this device was deactivated',
  syncNow: 'Sync now',
}

export interface ConflictDialogLabels {
  title: string
  position: (k: number, n: number) => string
  describe: (table: string, id: string) => string
  field: string
  mine: string
  theirs: string
  changed: string
  empty: string
  keepMine: string
  keepTheirs: string
  keepBoth: string
  editMerged: string
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

export const conflictDialogLabels: ConflictDialogLabels = {
  title: 'Resolve sync conflict',
  position: (k, n) => `${k} of ${n}`,
  describe: (table, id) => `${table.replaceAll('_', ' ')} · ${id}`,
  field: 'Field',
  mine: 'This device',
  theirs: 'Other device',
  changed: 'changed',
  empty: '—',
  keepMine: 'Keep mine',
  keepTheirs: 'Keep theirs',
  keepBoth: 'Keep both',
  editMerged: 'Edit merged version',
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
  lastSeen: (ago: string) => string
  neverSeen: string
  deactivate: string
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
  lastSeen: (ago) => `Last seen ${ago}`,
  neverSeen: 'Never seen',
  deactivate: 'Deactivate',
  confirmDeactivate: (name) => `Deactivate ${name}? It stops syncing until it signs in again.`,
  confirm: 'Deactivate',
  cancel: 'Cancel',
  empty: 'No devices yet.',
  failed: (message) => `Could not deactivate: ${message}`,
}

export interface InitialSyncLabels {
  title: string
  preparing: string
  phase: (phase: 'push' | 'pull' | 'bootstrap') => string
  count: (done: number, total: number | null) => string
  offline: string
  error: (message: string) => string
  done: string
}

export const initialSyncLabels: InitialSyncLabels = {
  title: 'Setting up this device',
  preparing: 'Preparing…',
  phase: (phase) => ({ bootstrap: 'Downloading your data', pull: 'Downloading changes', push: 'Uploading changes' })[phase],
  count: (done, total) => (total === null ? `${done} records` : `${done} of ${total} records`),
  offline: 'Waiting for a connection…',
  error: (message) => `Sync failed: ${message}. Retrying…`,
  done: 'All your data is on this device.',
}
