import { useEffect, useState } from 'react'
import type { RelativeTimeLabels } from './labels'

export type NowProp = number | (() => number)

export interface FormatAgoOptions extends RelativeTimeLabels {
  /** BCP 47 locale(s) for `Intl.RelativeTimeFormat` / `Intl.DateTimeFormat`. @default the user's (browser) locale */
  locale?: Intl.LocalesArgument
}

const WEEK_MS = 7 * 86_400_000
const relative = new Map<string, Intl.RelativeTimeFormat>()
const dates = new Map<string, Intl.DateTimeFormat>()

const relativeFormat = (locale: Intl.LocalesArgument): Intl.RelativeTimeFormat => {
  const id = String(locale ?? '')
  let format = relative.get(id)
  if (format === undefined) relative.set(id, (format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })))
  return format
}

/** A date and time in the user's locale ("Jan 15, 2025, 12:00 PM"), for titles and anything older than a week. */
export const formatDateTime = (at: number, locale?: Intl.LocalesArgument): string => {
  const id = String(locale ?? '')
  let format = dates.get(id)
  if (format === undefined) dates.set(id, (format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })))
  return format.format(at)
}

/**
 * "now", "2 minutes ago", "3 hours ago", "yesterday", "4 days ago" in the user's locale (`Intl.RelativeTimeFormat`),
 * then the date (`Intl.DateTimeFormat`). Coarse on purpose, so a re-render every half minute is enough. A label in
 * `options` overrides Intl's wording for its unit.
 */
export const formatAgo = (then: number, now: number, options: FormatAgoOptions = {}): string => {
  const { locale } = options
  const elapsed = Math.max(0, now - then)
  const minutes = Math.floor(elapsed / 60_000)
  const hours = Math.floor(minutes / 60)
  const days = Math.floor(hours / 24)
  if (elapsed >= WEEK_MS) return formatDateTime(then, locale)
  if (minutes < 1) return options.justNow ?? relativeFormat(locale).format(0, 'second')
  if (minutes < 60) return options.minutesAgo?.(minutes) ?? relativeFormat(locale).format(-minutes, 'minute')
  if (hours < 24) return options.hoursAgo?.(hours) ?? relativeFormat(locale).format(-hours, 'hour')
  return options.daysAgo?.(days) ?? relativeFormat(locale).format(-days, 'day')
}

/** The current time for relative labels: the injected `now`, or the clock re-read every 30 s. */
export const useNow = (now: NowProp | undefined): number => {
  const [tick, setTick] = useState(() => Date.now())
  useEffect(() => {
    if (now !== undefined) return
    const id = setInterval(() => setTick(Date.now()), 30_000)
    return () => clearInterval(id)
  }, [now])
  if (now === undefined) return tick
  return typeof now === 'function' ? now() : now
}
