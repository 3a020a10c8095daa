import { CredentialLeakError } from './CredentialLeakError'
import { scanRequestBody } from './scanRequestBody'
import type { CredentialFinding } from './types'

export interface FirewallOptions {
  /**
   * Called with the findings (paths and kinds, never values) before the error is thrown, for metrics or to map
   * `requests[i].batch.steps[j]` back to records.
   */
  readonly onBlocked?: ((findings: readonly CredentialFinding[], url: string) => void) | undefined
}

const bodyOf = async (input: RequestInfo | URL, init: RequestInit | undefined): Promise<string | undefined> => {
  if (init?.body !== undefined && init.body !== null) return typeof init.body === 'string' ? init.body : undefined
  // A Request carries its own body; read a clone so the original can still be sent.
  if (typeof Request !== 'undefined' && input instanceof Request && input.body !== null) {
    return input.clone().text()
  }
  return undefined
}

const urlOf = (input: RequestInfo | URL): string =>
  typeof input === 'string' ? input : input instanceof URL ? input.href : input.url

/**
 * Wraps `fetch` so that no request body carrying a credential is ever sent (last line of defence). Each body
 * is scanned with `scanRequestBody`; on any finding the wrapped fetch is NOT called and the returned promise
 * rejects with a `CredentialLeakError` whose `findings` list every path.
 *
 * Scanned: `fetch(url, { body: string })` and `fetch(new Request(url, { body }))` (the body is read from a
 * clone). Not scanned: binary and stream bodies (`Blob`, `ArrayBuffer`, `FormData`, `ReadableStream`), which
 * `@libsql/client` never sends for Hrana; they pass through unchanged.
 */
export const createFirewallFetch = (fetchImpl: typeof fetch, options: FirewallOptions = {}): typeof fetch => {
  const firewall = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const body = await bodyOf(input, init)
    if (body !== undefined) {
      const findings = scanRequestBody(body)
      if (findings.length > 0) {
        options.onBlocked?.(findings, urlOf(input))
        throw CredentialLeakError.fromFindings(findings)
      }
    }
    return init === undefined ? fetchImpl(input) : fetchImpl(input, init)
  }
  return firewall as typeof fetch
}
