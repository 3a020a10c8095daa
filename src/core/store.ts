/** A minimal external store: an immutable snapshot and `subscribe`, so a React hook is one `useSyncExternalStore`. */
export interface ReadableStore<T> {
  getSnapshot(): T
  subscribe(listener: () => void): () => void
}

export interface WritableStore<T> extends ReadableStore<T> {
  set(next: T | ((previous: T) => T)): void
}

export const createStore = <T>(initial: T, equal: (a: T, b: T) => boolean = Object.is): WritableStore<T> => {
  let snapshot = initial
  const listeners = new Set<() => void>()
  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    set(next) {
      const value = typeof next === 'function' ? (next as (p: T) => T)(snapshot) : next
      if (equal(snapshot, value)) return
      snapshot = value
      for (const listener of [...listeners]) listener()
    },
  }
}

/** Shallow equality of plain objects, for snapshots rebuilt from parts. */
export const shallowEqual = <T extends object>(a: T, b: T): boolean => {
  if (a === b) return true
  const ka = Object.keys(a) as Array<keyof T>
  return ka.length === Object.keys(b).length && ka.every((k) => Object.is(a[k], b[k]))
}
