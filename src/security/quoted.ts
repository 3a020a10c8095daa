/**
 * Readers for quoted values. Both return the bounds of the CONTENT (what gets redacted) and where scanning
 * continues. An unterminated literal runs to the end of the text: a truncated statement still hides its secret.
 */
export interface QuotedContent {
  readonly start: number
  readonly end: number
  readonly next: number
}

/**
 * `'…'`, `"…"` or `` `…` `` starting at `open`. A doubled quote (`'it''s'`) and a backslash escape (`'it\'s'`) stay
 * inside; treating backslash as an escape errs towards redacting more, never less.
 */
export const readQuoted = (text: string, open: number): QuotedContent | undefined => {
  const quote = text[open]
  if (quote !== "'" && quote !== '"' && quote !== '`') return undefined
  let i = open + 1
  while (i < text.length) {
    const c = text[i]
    if (c === '\\') i += 2
    else if (c === quote && text[i + 1] === quote) i += 2
    else if (c === quote) return { start: open + 1, end: i, next: i + 1 }
    else i += 1
  }
  return { start: open + 1, end: text.length, next: text.length }
}

const DOLLAR_TAG = /\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/y

/** A Postgres dollar-quoted string (`$$…$$`, `$pw$…$pw$`) starting at `open`. */
export const readDollarQuoted = (text: string, open: number): QuotedContent | undefined => {
  DOLLAR_TAG.lastIndex = open
  const tag = DOLLAR_TAG.exec(text)?.[0]
  if (tag === undefined) return undefined
  const start = open + tag.length
  const close = text.indexOf(tag, start)
  return close === -1
    ? { start, end: text.length, next: text.length }
    : { start, end: close, next: close + tag.length }
}
