import { tables, type ConflictStrategyName, type SyncedTableName } from '../../schema/tables'
import { compareHlc } from '../hlc'
import type { Decider, PullContext, PullDecision, Row } from '../ports'
import { archiveRow } from '../protocol/archiveRow'
import { merge3 } from '../protocol/merge3'
import { SEP, conflictedCopyTitle, copyKey, isGone, markCopy, recordId, sameData, stableHash } from '../protocol/record'

/** A custom resolver: returns the row to keep (or null to delete it). */
export type CustomResolver = (input: {
  readonly table: SyncedTableName
  readonly base: Row | null
  readonly local: Row | null
  readonly remote: Row
}) => Row | null

export type StrategyOption = ConflictStrategyName | CustomResolver

export interface ConflictPolicy {
  readonly strategies?: Partial<Record<SyncedTableName, StrategyOption>>
  readonly userId: string
  readonly deviceId: string
  readonly deviceName: string
  readonly now: () => number
  readonly tick: () => string
  readonly newId: () => string
}

export type Decide = Decider

const isDeleted = isGone

/**
 * Decides what happens to an incoming server row (I7). Without local changes the server row applies. With local
 * changes: a field-level 3-way merge first; only same-field edits reach the table's strategy. Every conflict
 * produces an archive row.
 */
export const createConflictResolver = (policy: ConflictPolicy): Decide => {
  const strategyOf = (table: SyncedTableName): StrategyOption =>
    policy.strategies?.[table] ?? tables[table].strategy ?? 'last-write-wins'

  const stamp = (row: Row): Row => ({
    ...row,
    hlc: policy.tick(),
    mutation_id: policy.newId(),
    origin_device_id: policy.deviceId,
    updated_at: policy.now(),
  })

  const archive = (
    ctx: PullContext,
    local: Row | null,
    strategy: string,
    resolution: 'local' | 'remote' | 'both' | 'merged' | null,
    resolved: Row | null,
  ): Row => {
    const localMutation = ctx.pending[0]?.mutationId ?? String(local?.['mutation_id'] ?? '')
    const entityId = String(ctx.remote[tables[ctx.table].key[0] as string])
    return archiveRow(
      {
        id: `conflict-${stableHash(`${recordId(ctx.table, entityId)}${SEP}${localMutation}${SEP}${String(ctx.remote['sync_version'])}`)}`,
        table: ctx.table,
        entityId,
        strategy,
        resolution,
        base: ctx.base,
        local,
        remote: ctx.remote,
        resolved,
      },
      { userId: policy.userId, deviceId: policy.deviceId, now: policy.now(), tick: policy.tick, newId: policy.newId },
    )
  }

  const conflictedCopy = (ctx: PullContext, local: Row): Row => {
    const keyColumn = tables[ctx.table].key[0] as string
    const titleColumn = (tables[ctx.table] as { titleColumn?: string }).titleColumn
    const localMutation = ctx.pending[0]?.mutationId ?? String(local['mutation_id'] ?? '')
    // Deterministic: resolving the same conflict twice (a restart, a second tab) yields the same copy.
    const id = copyKey(String(local[keyColumn]), `${localMutation}${SEP}${String(ctx.remote['sync_version'])}`)
    const copy: Row = stamp({ ...local, [keyColumn]: id, sync_version: 0, server_seq: 0, deleted_at: null })
    if (titleColumn !== undefined) copy[titleColumn] = conflictedCopyTitle(local[titleColumn], policy.deviceName)
    // This device's own version: it keeps the local secrets of the record it copies.
    return markCopy(copy, String(local[keyColumn]))
  }

  const resolved = (
    ctx: PullContext,
    local: Row | null,
    keep: Row | null,
    strategy: string,
    resolution: 'local' | 'remote' | 'both' | 'merged',
    copies: Row[] = [],
  ): PullDecision => {
    const remoteDeleted = isDeleted(ctx.remote)
    const push = keep === null ? !remoteDeleted : remoteDeleted || !sameData(keep, ctx.remote)
    const row = keep === null ? null : push ? stamp(keep) : { ...ctx.remote }
    return {
      kind: 'resolved',
      local: row === null || isDeleted(row) ? null : row,
      push,
      copies: copies.map((row) => ({ table: ctx.table, row })),
      archive: archive(ctx, local, strategy, resolution, row),
    }
  }

  const decide = (ctx: PullContext): PullDecision => {
    if (ctx.pending.length === 0) return { kind: 'apply' }
    const local = ctx.pending.some((p) => p.op === 'delete') && ctx.local === null ? null : ctx.local
    const { remote } = ctx
    const option = strategyOf(ctx.table)
    const strategy = typeof option === 'function' ? 'custom' : option
    // The merge strategy's derived fields: a session's counts are those of the union of its messages, whether or
    // not both sides changed them (two devices that each add one message both write the same count).
    const counted = (row: Row): Row =>
      strategy === 'merge' && ctx.table === 'ai_memory_sessions' && ctx.messageTotals !== undefined
        ? { ...row, message_count: ctx.messageTotals.count, token_count: ctx.messageTotals.tokens }
        : row

    if (typeof option === 'function') {
      const keep = option({ table: ctx.table, base: ctx.base, local, remote })
      return resolved(ctx, local, keep, 'custom', keep === null ? 'local' : sameData(keep, remote) ? 'remote' : 'merged')
    }

    // Both deleted: nothing to decide.
    if (local === null && isDeleted(remote)) return { kind: 'apply' }

    // Delete against edit: keep-both, merge and manual keep the edit; last-write-wins goes by the clock.
    if (local === null || isDeleted(remote)) {
      if (strategy === 'last-write-wins') {
        const localHlc = String(local?.['hlc'] ?? ctx.pending.at(-1)?.row['hlc'] ?? '')
        const localWins = compareHlc(localHlc, String(remote['hlc'] ?? '')) > 0
        return resolved(ctx, local, localWins ? local : remote, strategy, localWins ? 'local' : 'remote')
      }
      // The edit that outlives a delete counts the messages that outlived it too: those the delete took are gone (I7).
      return local === null
        ? resolved(ctx, local, counted(remote), strategy, 'remote')
        : resolved(ctx, local, counted(local), strategy, 'local')
    }

    const { merged, conflicts } = merge3(ctx.base, local, remote)
    if (conflicts.length === 0) {
      const keep = counted(merged)
      if (sameData(local, remote) && sameData(keep, remote)) return { kind: 'apply' }
      return resolved(ctx, local, keep, 'auto-merge', 'merged')
    }

    switch (strategy) {
      case 'last-write-wins': {
        const localWins = compareHlc(String(local['hlc'] ?? ''), String(remote['hlc'] ?? '')) > 0
        const keep: Row = { ...merged }
        for (const field of conflicts) keep[field] = (localWins ? local : remote)[field]
        return resolved(ctx, local, keep, strategy, localWins ? 'local' : 'remote')
      }
      case 'keep-both': {
        const keep: Row = { ...merged }
        for (const field of conflicts) keep[field] = remote[field]
        return resolved(ctx, local, keep, strategy, 'both', [conflictedCopy(ctx, local)])
      }
      case 'merge': {
        const localWins = compareHlc(String(local['hlc'] ?? ''), String(remote['hlc'] ?? '')) > 0
        const keep: Row = { ...merged }
        for (const field of conflicts) keep[field] = (localWins ? local : remote)[field]
        return resolved(ctx, local, counted(keep), strategy, 'merged')
      }
      default:
        // Held back from upload until the user decides; the local value stays visible.
        return {
          kind: 'resolved',
          local,
          push: false,
          hold: true,
          copies: [],
          archive: archive(ctx, local, strategy, null, null),
        }
    }
  }

  // A session pushed with counts other than the server's totals (the app counted the messages this device holds;
  // the server holds the union of every device's): the merge strategy corrects them, as it would on a conflict (I7).
  const derive = (table: SyncedTableName, row: Row, totals: { readonly count: number; readonly tokens: number }): Row | null => {
    if (table !== 'ai_memory_sessions' || strategyOf(table) !== 'merge') return null
    if (Number(row['message_count']) === totals.count && Number(row['token_count']) === totals.tokens) return null
    return stamp({ ...row, message_count: totals.count, token_count: totals.tokens })
  }
  return Object.assign(decide, { derive })
}
