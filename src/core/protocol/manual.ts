import type { Row } from '../ports'
import { merge3 } from './merge3'
import { isTombstone, userFields } from './record'

export type ManualChoice = 'local' | 'remote' | 'both' | { readonly merged: Row }

export interface ManualInput {
  /** The conflict as the user saw it: the local and remote versions at detection. */
  readonly seen: { readonly local: Row | null; readonly remote: Row | null }
  readonly choice: ManualChoice
  /** The record on this device now (the user may have edited it while it was held). */
  readonly current: Row | null
  /** The server row now (it may have moved on since detection). */
  readonly server: Row | null
}

/**
 * The user's decision on a held conflict, merged against the current server row (R6): the version the user chose
 * wins on every field it set differently from what they saw of the server, and every later server edit to the
 * other fields survives. Returns the user fields to keep (null: nothing to keep of the local side).
 */
export const planManualResolution = ({ seen, choice, current, server }: ManualInput): Row | null => {
  // The server's side now: a tombstone (deleted meanwhile, or purged while this device was away) is a deletion.
  const now = server ?? seen.remote
  const latest = isTombstone(now) ? null : now
  if (choice === 'remote' || choice === 'both') return latest === null ? null : pick(latest)
  const chosen = choice === 'local' ? (current ?? seen.local) : { ...(current ?? seen.local ?? {}), ...choice.merged }
  if (chosen === null) return null
  if (latest === null) return pick(chosen)
  const { merged, conflicts } = merge3(seen.remote ?? latest, chosen, latest)
  for (const field of conflicts) merged[field] = chosen[field]
  return pick(merged)
}

const pick = (row: Row): Row => {
  const out: Row = {}
  for (const f of userFields(row)) out[f] = row[f]
  return out
}
