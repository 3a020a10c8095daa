/** What the token route remembers about a user's database between refreshes. */
export interface CachedDatabase {
  readonly url: string
  readonly databaseName: string
}

export interface DatabaseCache {
  get(userId: string): CachedDatabase | undefined
  set(userId: string, value: CachedDatabase): void
  delete(userId: string): void
}

/**
 * A per-user cache of the database lookup, so that a token refresh costs one Platform API call (mint) instead of
 * four (create, lookup, schema token, mint). Entries expire after `ttlMs` (so a schema shipped with a new release is
 * applied within that time) and the oldest entry goes first when `maxEntries` is reached.
 */
export const createDatabaseCache = (options: { ttlMs: number; maxEntries: number; now: () => number }): DatabaseCache => {
  const entries = new Map<string, { value: CachedDatabase; until: number }>()
  return {
    get(userId) {
      const entry = entries.get(userId)
      if (entry === undefined) return undefined
      if (entry.until <= options.now()) {
        entries.delete(userId)
        return undefined
      }
      return entry.value
    },
    set(userId, value) {
      if (options.ttlMs <= 0 || options.maxEntries <= 0) return
      entries.delete(userId)
      if (entries.size >= options.maxEntries) entries.delete(entries.keys().next().value as string)
      entries.set(userId, { value, until: options.now() + options.ttlMs })
    },
    delete(userId) {
      entries.delete(userId)
    },
  }
}
