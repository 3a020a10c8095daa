/** A metric as results.json stores it, plus how the table judges it. */
export interface Metric {
  value: number
  unit: string
  target: string
  /** Whether `value` meets `target`; undefined for figures with no target (context). */
  met?: boolean
  /** How the figure was taken (README). */
  how?: string
}

export type Metrics = Record<string, Metric>

type Op = '<=' | '>=' | '<' | '=' | 'none'

export const metric = (value: number, unit: string, op: Op, bound: number, how: string, label?: string): Metric => {
  const symbol = { '<=': '≤', '>=': '≥', '<': '<', '=': '=', none: '' }[op]
  const target = op === 'none' ? (label ?? '—') : `${symbol} ${bound.toLocaleString('en-US')}${label === undefined ? '' : ` ${label}`}`
  const met =
    op === 'none' ? undefined : op === '<=' ? value <= bound : op === '>=' ? value >= bound : op === '<' ? value < bound : value === bound
  return met === undefined ? { value, unit, target, how } : { value, unit, target, met, how }
}
