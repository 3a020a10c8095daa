import { childPath, isPlainObject } from './path'
import { isNonSecretValue } from './nonSecretValue'
import { isCredentialName, nameWords } from './secretKeys'
import { secretSpans } from './secretSpans'
import type { CredentialFinding, CredentialKind } from './types'

export interface FindCredentialsOptions {
  /** Which field names count as secrets. @default isCredentialName */
  readonly isSecretKey?: ((name: string) => boolean) | undefined
}

const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase', 'passcode'])

const fieldKind = (name: string): CredentialKind =>
  nameWords(name).some((w) => PASSWORD_WORDS.has(w) || w.endsWith('password')) ? 'password-field' : 'secret-field'

/** A value under a secret name is a secret when it says something: a non-placeholder string or a number. */
const holdsSecret = (value: unknown): boolean =>
  (typeof value === 'string' && !isNonSecretValue(value)) || (typeof value === 'number' && Number.isFinite(value))

/**
 * Finds credentials in a string or in nested objects and arrays, to any depth. Returns where (a path) and what
 * (a kind), never the secret. A field named like a secret (`isCredentialName`) counts when it holds a non-empty
 * value other than the REDACTED marker or a placeholder; every string is scanned with the `redactSql` rules, so
 * `findCredentials(redactSql(x))` is always empty.
 *
 * Cycles are visited once. Class instances (Date, Uint8Array) are not walked.
 */
export const findCredentials = (value: unknown, options: FindCredentialsOptions = {}): CredentialFinding[] => {
  const isSecret = options.isSecretKey ?? isCredentialName
  const findings: CredentialFinding[] = []
  const seen = new Set<string>()
  const visited = new WeakSet<object>()
  const report = (path: string, kind: CredentialKind): void => {
    const id = `${kind}\u0000${path}`
    if (seen.has(id)) return
    seen.add(id)
    findings.push({ path, kind })
  }
  const secretLeaves = (v: unknown, path: string, kind: CredentialKind): void => {
    if (holdsSecret(v)) report(path, kind)
    else if (Array.isArray(v)) v.forEach((item, i) => secretLeaves(item, childPath(path, i), kind))
    else if (isPlainObject(v)) for (const [k, item] of Object.entries(v)) secretLeaves(item, childPath(path, k), kind)
  }
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'string') {
      for (const span of secretSpans(v)) report(path, span.kind)
      return
    }
    if (typeof v !== 'object' || v === null || visited.has(v)) return
    visited.add(v)
    if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, childPath(path, i)))
      return
    }
    if (!isPlainObject(v)) return
    for (const [key, item] of Object.entries(v)) {
      const p = childPath(path, key)
      if (isSecret(key)) secretLeaves(item, p, fieldKind(key))
      walk(item, p)
    }
  }
  walk(value, '')
  return findings
}
