import { isPlainObject } from './path'
import { redactSql } from './redactSql'
import type { SecretKeyMatcher } from './secretKeys'

/**
 * Sanitizes one value to any depth: drops object properties whose name `isSecret` matches, and redacts every
 * string with the `redactSql` rules. Copy-on-write: an unchanged branch is returned as the same reference, and
 * the input is never mutated (it may be frozen). Class instances (Date, Uint8Array) pass through as they are.
 * Cycles are not supported (records are JSON data).
 */
export const sanitizeValue = (value: unknown, isSecret: SecretKeyMatcher): unknown => {
  if (typeof value === 'string') return redactSql(value)
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined
    value.forEach((item: unknown, i) => {
      const next = sanitizeValue(item, isSecret)
      if (next !== item) (copy ??= value.slice())[i] = next
    })
    return copy ?? value
  }
  if (!isPlainObject(value)) return value
  let copy: Record<string, unknown> | undefined
  for (const [key, item] of Object.entries(value)) {
    if (isSecret(key)) {
      copy ??= { ...value }
      delete copy[key]
      continue
    }
    const next = sanitizeValue(item, isSecret)
    if (next !== item) (copy ??= { ...value })[key] = next
  }
  return copy ?? value
}

/**
 * A JSON column that holds JSON text (the server form) is parsed, sanitized and re-serialized only if something
 * changed, so the column keeps its type. Text that is not JSON is redacted as text.
 */
export const sanitizeJsonText = (text: string, isSecret: SecretKeyMatcher): string => {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return redactSql(text)
  }
  const next = sanitizeValue(parsed, isSecret)
  return next === parsed ? text : JSON.stringify(next)
}
