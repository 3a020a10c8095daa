import type { SqlConnection } from '../engine/SqlEngine.js'

/** One query-plan line of `EXPLAIN QUERY PLAN`: its id, its parent's id and its text. */
export interface PlanLine {
  readonly id: number
  readonly parent: number
  readonly detail: string
}

interface Writes {
  /** The program opens a write transaction on `main` (or an attached schema): it needs the write lock. */
  readonly main: boolean
  /** It opens a write transaction on any schema, TEMP included: `sqlite3_stmt_readonly()` is false. */
  readonly any: boolean
}

const LIMIT = 2_000

/**
 * Per-database caches shared by every connection (stream) of that database, so that a new stream does not explain
 * the same SQL again. Plans are keyed by SQL text and schema version; write flags by SQL text.
 */
export class PlanCache {
  readonly #plans = new Map<string, { readonly schema: bigint; readonly lines: readonly PlanLine[] }>()
  readonly #writes = new Map<string, Writes>()

  plan(sql: string, schema: bigint, explain: () => PlanLine[]): readonly PlanLine[] {
    const cached = this.#plans.get(sql)
    if (cached?.schema === schema) return cached.lines
    const lines = explain()
    if (this.#plans.size >= LIMIT) this.#plans.clear()
    this.#plans.set(sql, { schema, lines })
    return lines
  }

  /** Reads the program's `Transaction` opcodes (P1 = schema, P2 ≠ 0 = write); `undefined` if it does not prepare. */
  writes(sql: string, conn: SqlConnection): Writes | undefined {
    const cached = this.#writes.get(sql)
    if (cached) return cached
    let program: unknown[][]
    try {
      const explain = conn.prepare(`EXPLAIN ${sql}`)
      program = explain.all([])
      // A statement left un-reset counts as "in progress" and would make a later COMMIT fail; first() resets.
      explain.first([])
    } catch {
      return undefined
    }
    const transactions = program.filter((op) => op[1] === 'Transaction' && Number(op[3]) !== 0)
    const writes = { main: transactions.some((op) => Number(op[2]) !== 1), any: transactions.length > 0 }
    if (this.#writes.size >= LIMIT) this.#writes.clear()
    this.#writes.set(sql, writes)
    return writes
  }
}
