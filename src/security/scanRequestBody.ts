import { findCredentials } from './findCredentials'
import { childPath, isPlainObject } from './path'
import type { CredentialFinding } from './types'

/**
 * Scans a Hrana pipeline body (`/v2/pipeline`, `/v3/pipeline`) for credentials: the SQL text of `execute`, `batch`
 * steps, `sequence` and `store_sql` requests, and every TEXT argument value, positional and named. Blob arguments
 * (`base64`) are binary and not scanned. Named-argument NAMES are not treated as secret names: a statement bound
 * with `:key` or `:token_count` is ordinary; only values count.
 *
 * Paths: `requests[0].stmt.sql`, `requests[1].batch.steps[4].stmt.args[2]`, `requests[0].stmt.named_args[1]`,
 * `requests[2].sql`. A body that is not JSON, or JSON of another shape, is scanned as a whole (`findCredentials`).
 */
export const scanRequestBody = (body: string): CredentialFinding[] => {
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return findCredentials(body)
  }
  if (!isPlainObject(parsed) || !Array.isArray(parsed['requests'])) return findCredentials(parsed)
  const findings: CredentialFinding[] = []
  const scanText = (value: unknown, path: string): void => {
    if (typeof value === 'string') findings.push(...findCredentials(value).map((f) => ({ path, kind: f.kind })))
  }
  const scanValue = (value: unknown, path: string): void => {
    if (isPlainObject(value) && value['type'] === 'text') scanText(value['value'], path)
  }
  const scanStmt = (stmt: unknown, path: string): void => {
    if (!isPlainObject(stmt)) return
    scanText(stmt['sql'], childPath(path, 'sql'))
    const args = stmt['args']
    if (Array.isArray(args)) args.forEach((arg: unknown, i) => scanValue(arg, childPath(childPath(path, 'args'), i)))
    const named = stmt['named_args']
    if (Array.isArray(named)) {
      named.forEach((arg: unknown, i) => {
        if (isPlainObject(arg)) scanValue(arg['value'], childPath(childPath(path, 'named_args'), i))
      })
    }
  }
  parsed['requests'].forEach((request: unknown, i) => {
    if (!isPlainObject(request)) return
    const path = childPath('requests', i)
    scanStmt(request['stmt'], childPath(path, 'stmt'))
    scanText(request['sql'], childPath(path, 'sql'))
    const batch = request['batch']
    const steps = isPlainObject(batch) ? batch['steps'] : undefined
    if (Array.isArray(steps)) {
      const stepsPath = childPath(childPath(path, 'batch'), 'steps')
      steps.forEach((step: unknown, j) => {
        if (isPlainObject(step)) scanStmt(step['stmt'], childPath(childPath(stepsPath, j), 'stmt'))
      })
    }
  })
  return findings
}
