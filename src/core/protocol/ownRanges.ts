import type { Cursors, SyncedTableName } from '../ports'

/** Sequences `(from, to]` that one push transaction assigned to this device's rows alone. */
export type OwnRange = readonly [from: number, to: number]

/** Adds a range, merging it with one it touches: a backlog pushed in one go is one range, however many requests. */
export const addRange = (ranges: readonly OwnRange[], range: OwnRange): OwnRange[] => {
  const all = [...ranges, range].sort((a, b) => a[0] - b[0])
  const merged: Array<[number, number]> = []
  for (const [from, to] of all) {
    const last = merged.at(-1)
    if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], to)
    else merged.push([from, to])
  }
  return merged
}

/**
 * Where a pull of `tables` starts and stops around this device's own ranges (I5, I8). A cursor that reached a range's
 * start jumps past it: every row in the range is the device's own upload, already applied here, whatever the table
 * (the sequence is global, and the push transaction was alone in assigning it). A cursor below a range pulls only up
 * to its start (`until`), so the rows behind the range are never read; the caller asks again from past the range.
 * Sound for any interleaving with other writers (I1): nobody else's row lies inside a range.
 */
export const skipOwn = (
  cursors: Cursors,
  ranges: readonly OwnRange[],
  tables: readonly SyncedTableName[],
): { readonly cursors: Cursors; readonly until: Cursors } => {
  const next: Cursors = { ...cursors }
  const until: Cursors = {}
  for (const table of tables) {
    let cursor = next[table] ?? 0
    for (const [from, to] of ranges) {
      if (to <= cursor) continue
      if (from <= cursor) cursor = to
      else {
        until[table] = from
        break
      }
    }
    next[table] = cursor
  }
  return { cursors: next, until }
}
