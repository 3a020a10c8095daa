/**
 * Where a host or address belongs (`host`, `c_host` on the wire, `hostname`, `server`, `address`, `endpoint`,
 * `dsn`, `url`), `user:password@` can only be a login: no host name holds a colon before an `@`. This catches the
 * scheme-less form (`u:hunter2@db`) that a URI rule cannot tell from prose, by reading the field it sits in.
 */
const HOST_WORDS = new Set(['host', 'hostname', 'hosts', 'server', 'address', 'addr', 'endpoint', 'dsn', 'url', 'uri', 'server_name'])

const lastWord = (key: string): string => key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== '').pop() ?? ''

/** `user:password@host` as a whole token, with the password captured. */
const USERINFO = /(?:^|[\s,;(])[^\s:@/,;()]+:([^\s@]+)@[\w.[\]:-]+/
const SCHEME = /[A-Za-z][\w+.-]*:\/\//g
const PLACEHOLDER = /^(?:\[REDACTED\]|REDACTED|\$\{?\w+\}?|\*+|<[^>]*>|%\w+%|\{\{[^}]*\}\})$/

export const isHostField = (key: string): boolean => HOST_WORDS.has(lastWord(key))

/** Does `text`, the value of a host-like field, carry a password? */
export const hasHostCredentials = (text: string): boolean => {
  // A URI's own login (`postgres://u:p@db`) is the URI rule's; here only what is left once schemes are set aside.
  const password = USERINFO.exec(text.replace(SCHEME, ' '))?.[1]
  return password !== undefined && !PLACEHOLDER.test(password) && !/^\d{1,5}(?:\/|$)/.test(password)
}
