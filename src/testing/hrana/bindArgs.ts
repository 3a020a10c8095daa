import type { SqlValue } from '../engine/SqlEngine.js'
import { StatementError } from '../errors.js'
import type { HranaStmt } from './protocol.js'
import { decodeValue } from './values.js'

const invalid = (detail: string): StatementError =>
  new StatementError('ARGS_INVALID', `Arguments do not match SQL parameters: ${detail}`)

/**
 * Binds a statement's arguments to its parameters the way sqld does: more arguments than parameters, or a
 * parameter without a value, is `ARGS_INVALID` (EXPLAIN may leave parameters unbound). `?` and `?N` take positional
 * arguments, `:name`/`@name`/`$name` take named ones, looked up with or without the prefix.
 * `params` is `sqlParams(sql)`: entry `i` names parameter `i + 1`.
 */
export const bindArgs = (params: readonly (string | null)[], stmt: HranaStmt, isExplain: boolean): SqlValue[] => {
  const args = stmt.args ?? []
  const named = new Map((stmt.named_args ?? []).map((arg) => [arg.name, arg.value]))
  const given = named.size > 0 ? named.size : args.length
  if (given > params.length) throw invalid(`too many parameters, expected ${params.length} found ${given}`)
  const bound: SqlValue[] = []
  for (const [i, name] of params.entries()) {
    const value =
      name === null
        ? named.size > 0 ? undefined : args[i]
        : name.startsWith('?')
          ? named.size > 0 ? undefined : args[Number(name.slice(1)) - 1]
          : (named.get(name) ?? named.get(name.slice(1)))
    if (value === undefined) {
      if (isExplain) return bound
      throw invalid(`value for parameter ${name ?? i + 1} not found`)
    }
    bound.push(decodeValue(value))
  }
  return bound
}
