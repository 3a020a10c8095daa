import { CredentialLeakError } from '../CredentialLeakError'
import type { CredentialFinding } from '../types'
import { isCredentialWord } from './credentialWords'
import { looksSecret } from './entropy'
import { gunzipBase64, isGzipBase64 } from './gunzip'
import { scanText } from './scanText'
import { hasHostCredentials, isHostField } from './hostCredentials'
import { setAsideSealed } from './sealedEnvelope'

const childPath = (parent: string, key: string | number): string =>
  typeof key === 'number' ? `${parent}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? (parent === '' ? key : `${parent}.${key}`) : `${parent}[${JSON.stringify(key)}]`

/** Hrana wraps values (`{ type: 'text', value }`, `named_args[i].value`): findings name the argument, not the wrapper. */
const argumentPath = (path: string): string => path.replace(/(args\[\d+\])(?:\.value)+$/, '$1')

/**
 * Collects every string in a parsed body with its path. Gzip-base64 strings are decompressed first, so compressed
 * AI content is checked as the plaintext it carries.
 */
/**
 * One string of the body. `key` is its own property name; `column` is the column it is bound to, also when it
 * travels as a Hrana named argument (`{ name: 'c_host', value: { type: 'text', value } }`).
 */
interface BodyString {
  path: string
  text: string
  key: string | undefined
  column: string | undefined
}

const strings = async (value: unknown): Promise<BodyString[]> => {
  const out: BodyString[] = []
  const pending: Array<Promise<void>> = []
  const walk = (v: unknown, path: string, key: string | undefined, depth: number, column = key): void => {
    if (depth > 64) return
    if (typeof v === 'string') {
      // Rows travel as JSON text inside one argument (bulk upserts): read the strings inside as well.
      const first = v.trimStart()[0]
      if ((first === '[' || first === '{') && v.length > 2) {
        try {
          const inner: unknown = JSON.parse(v)
          if (typeof inner === 'object' && inner !== null) {
            walk(inner, path, key, depth + 1)
            out.push({ path, text: v, key, column })
            return
          }
        } catch {
          // Not JSON: checked as text below.
        }
      }
      if (isGzipBase64(v)) {
        pending.push(
          gunzipBase64(v).then((plain) => {
            // A gzip string that does not decompress is kept as it is: its bytes are what would be stored.
            out.push({ path, text: plain ?? v, key, column })
          }),
        )
      } else out.push({ path, text: v, key, column })
      return
    }
    if (Array.isArray(v)) v.forEach((item, i) => walk(item, childPath(path, i), key, depth + 1))
    else if (typeof v === 'object' && v !== null) {
      const argName = (v as { name?: unknown }).name
      const bound = typeof argName === 'string' ? argName : column
      for (const [k, item] of Object.entries(v)) walk(item, childPath(path, k), k, depth + 1, k === 'value' ? bound : k)
    }
  }
  walk(value, '', undefined, 0)
  await Promise.all(pending)
  return out
}

/**
 * The final check on an outgoing request body (I10, R10): the second line of defence, by a method different from the
 * sanitizer's. Every string in the parsed JSON body (SQL text, every argument, any other field), after decompressing
 * gzip-base64 content, is searched for known credential formats and for a secret-looking value next to a credential
 * word. A body that is not a string is refused: what cannot be read cannot be checked.
 *
 * Resolves with the findings (paths and kinds, never values); `[]` means the body may leave.
 */
export const checkRequestBody = async (body: unknown): Promise<CredentialFinding[]> => {
  if (typeof body !== 'string') return [{ path: '', kind: 'unreadable-body' }]
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    parsed = body
  }
  const findings: CredentialFinding[] = []
  for (const { path, text: raw, key, column } of await strings(parsed)) {
    const text = setAsideSealed(raw)
    const found = scanText(text)
    const named = key !== undefined && key !== 'value' && isCredentialWord(key) && looksSecret(text)
    const inHost = column !== undefined && isHostField(column) && hasHostCredentials(text)
    if (found.length > 0 || named || inHost) findings.push({ path: argumentPath(path), kind: found[0]?.kind ?? (inHost ? 'uri-credentials' : 'entropy-near-word') })
  }
  return findings
}

/** Throws a `CredentialLeakError` naming every path when the body must not leave. */
export const assertRequestBodyClean = async (body: unknown): Promise<void> => {
  const findings = await checkRequestBody(body)
  if (findings.length > 0) throw CredentialLeakError.fromFindings(findings)
}
