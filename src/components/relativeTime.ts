import { useEffect, useState } from 'react'
import type { RelativeTimeLabels } from './labels'

/** "just now", "2 min ago", "3 h ago", "2 days ago": coarse on purpose, so it needs a re-render every half minute at most. */
export const formatAgo = (then: number, now: number, labels: RelativeTimeLabels): string => {
  const minutes = Math.floor(Math.max(0, now - then) / 60_000)
  if (minutes < 1) return labels.justNow
  if (minutes < 60) return labels.minutesAgo(minutes)
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return labels.hoursAgo(hours)
  return labels.daysAgo(Math.floor(hours / 24))
}

export type NowProp = number | (() => number)

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
