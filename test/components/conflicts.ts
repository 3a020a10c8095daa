import type { ConflictRecord } from '@howlerops/sync'

/** A saved-query conflict as the engine archives it: both sides whole rows, sync columns included. */
export const savedQueryConflict = (id: string, mine: Record<string, unknown>, theirs: Record<string, unknown>): ConflictRecord => {
  const base = { id: `q-${id}`, name: 'Active users', description: null, query_text: 'select * from users where active', folder: 'reports', tags: null, is_favorite: 0, sync_version: 2, hlc: 'x', updated_at: 1 }
  return {
    id,
    table: 'saved_queries',
    entityId: `q-${id}`,
    strategy: 'manual',
    resolution: null,
    local: { ...base, ...mine },
    remote: { ...base, ...theirs, sync_version: 3 },
    base,
    resolved: null,
    resolvedBy: null,
    detectedAt: 1,
    resolvedAt: null,
  }
}
