const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\]|[\w-]+\.localhost)$/i

/**
 * Refuses a database URL that would send the token and every record in clear text: `http://` (and `ws://`) only
 * for loopback, where the emulator and a local sqld run. `libsql://`, `https://` and `wss://` are fine.
 *
 * @throws {TypeError} for an unparsable URL or plain HTTP to another host.
 */
export const assertSecureUrl = (url: string): void => {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch (error) {
    throw new TypeError(`The database URL is not a URL: ${JSON.stringify(url.slice(0, 80))}`, { cause: error })
  }
  if ((parsed.protocol === 'http:' || parsed.protocol === 'ws:') && !LOOPBACK.test(parsed.hostname)) {
    throw new TypeError(`Refusing ${parsed.protocol}//${parsed.hostname}: the token and records would travel unencrypted. Use libsql:// or https:// (plain HTTP is allowed for loopback only).`)
  }
}
