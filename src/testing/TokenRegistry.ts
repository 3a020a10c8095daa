import { TursoEmulatorError } from './errors.js'

/** Where the token map lives between runs. */
export interface TokenStore {
  load(): Record<string, string[]>
  save(tokens: Record<string, string[]>): void
}

const namePattern = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/

/** Maps bearer tokens to database names. A database's first token is the one `createDatabase` returns. */
export class TokenRegistry {
  readonly #tokensByName: Map<string, string[]>
  readonly #nameByToken = new Map<string, string>()
  readonly #store: TokenStore | undefined
  /** Expiry times of short-lived tokens (development tokens); kept in memory only. */
  readonly #expiresAt = new Map<string, number>()

  constructor(store?: TokenStore) {
    this.#store = store
    this.#tokensByName = new Map(Object.entries(store?.load() ?? {}))
    for (const [name, tokens] of this.#tokensByName) for (const token of tokens) this.#nameByToken.set(token, name)
  }

  has(name: string): boolean {
    return this.#tokensByName.has(name)
  }

  names(): string[] {
    return [...this.#tokensByName.keys()]
  }

  /** Registers `name` if needed and returns its first token (idempotent). */
  ensure(name: string): string {
    if (!namePattern.test(name)) {
      throw new TursoEmulatorError(`Invalid database name ${JSON.stringify(name)}: use letters, digits and dashes`)
    }
    const first = this.#tokensByName.get(name)?.[0]
    return first ?? this.mint(name)
  }

  /** A database name for a hostname label or path segment: the name itself (any case), or `<name>-<org>`. */
  resolve(label: string): string | undefined {
    const wanted = label.toLowerCase()
    let best: string | undefined
    for (const name of this.#tokensByName.keys()) {
      const lower = name.toLowerCase()
      if (lower === wanted) return name
      if (wanted.startsWith(`${lower}-`) && (best === undefined || name.length > best.length)) best = name
    }
    return best
  }

  mint(name: string, expiresAt?: number): string {
    const token = `emu-${crypto.randomUUID()}`
    if (expiresAt !== undefined) this.#expiresAt.set(token, expiresAt)
    this.#tokensByName.set(name, [...(this.#tokensByName.get(name) ?? []), token])
    this.#nameByToken.set(token, name)
    this.#persist()
    return token
  }

  /** Forgets a token; returns whether it existed. The database and its other tokens stay. */
  revoke(token: string): boolean {
    const name = this.#nameByToken.get(token)
    if (name === undefined) return false
    this.#nameByToken.delete(token)
    this.#tokensByName.set(name, (this.#tokensByName.get(name) ?? []).filter((t) => t !== token))
    this.#persist()
    return true
  }

  /** The database of a token, unless it is unknown, revoked or expired at `now`. */
  lookup(token: string, now: number): string | undefined {
    const expiresAt = this.#expiresAt.get(token)
    if (expiresAt !== undefined && now >= expiresAt) return undefined
    return this.#nameByToken.get(token)
  }

  #persist(): void {
    this.#store?.save(Object.fromEntries(this.#tokensByName))
  }
}
