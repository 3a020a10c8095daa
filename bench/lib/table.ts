import type { Metrics } from './metrics'

const status = (met: boolean | undefined): string => (met === undefined ? '' : met ? 'ok' : 'MISSED')
const show = (value: number): string => (Number.isInteger(value) ? value.toLocaleString('en-US') : value.toLocaleString('en-US', { maximumFractionDigits: 2 }))

/** The metrics as a Markdown table (also what stdout shows). */
export const markdownTable = (metrics: Metrics): string => {
  const lines = ['| metric | value | unit | target | |', '|---|---:|---|---|---|']
  for (const [name, m] of Object.entries(metrics)) lines.push(`| ${name} | ${show(m.value)} | ${m.unit} | ${m.target} | ${status(m.met)} |`)
  return lines.join('\n')
}

/** A padded plain-text table for the terminal. */
export const textTable = (metrics: Metrics): string => {
  const rows = [['metric', 'value', 'unit', 'target', ''], ...Object.entries(metrics).map(([n, m]) => [n, show(m.value), m.unit, m.target, status(m.met)])]
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] as string).length)))
  return rows.map((r) => r.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n')
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->`. */
export const replaceBlock = (text: string, name: string, body: string): string => {
  const start = `<!-- ${name}:start -->`
  const end = `<!-- ${name}:end -->`
  const i = text.indexOf(start)
  const j = text.indexOf(end)
  if (i === -1 || j === -1) return text
  return `${text.slice(0, i + start.length)}\n${body}\n${text.slice(j)}`
}
