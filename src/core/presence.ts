/**
 * Whether someone is looking: the page's visibility and the user's input, in the shape of TanStack Query's
 * `focusManager` (listeners attach with the first subscriber and detach with the last), so an engine that never
 * starts touches no DOM, and tests inject their own.
 */
export type PresenceEvent = 'visible' | 'hidden' | 'input'

export interface PresenceSource {
  /** The page can be seen (not a background tab, not minimised). */
  isVisible(): boolean
  /** `visible` on focus or when the page shows, `hidden` when it hides, `input` on a key, click, touch or wheel. */
  subscribe(listener: (event: PresenceEvent) => void): () => void
}

/** What counts as the user being there; pointer moves do not (a cursor resting over the page is not activity). */
const INPUT_EVENTS = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const

/** The browser's presence; without a DOM (Node, SSR) the page counts as visible and no input ever arrives. */
export const browserPresence = (): PresenceSource => {
  const listeners = new Set<(event: PresenceEvent) => void>()
  const emit = (event: PresenceEvent): void => {
    for (const listener of listeners) listener(event)
  }
  const onVisibility = (): void => emit(document.visibilityState === 'visible' ? 'visible' : 'hidden')
  const onFocus = (): void => emit('visible')
  const onInput = (): void => emit('input')
  const hasDom = (): boolean => typeof document !== 'undefined' && typeof window !== 'undefined'
  const attach = (): void => {
    document.addEventListener('visibilitychange', onVisibility)
    window.addEventListener('focus', onFocus)
    for (const type of INPUT_EVENTS) window.addEventListener(type, onInput, { capture: true, passive: true })
  }
  const detach = (): void => {
    document.removeEventListener('visibilitychange', onVisibility)
    window.removeEventListener('focus', onFocus)
    for (const type of INPUT_EVENTS) window.removeEventListener(type, onInput, { capture: true })
  }
  return {
    isVisible: () => !hasDom() || document.visibilityState !== 'hidden',
    subscribe(listener) {
      if (listeners.size === 0 && hasDom()) attach()
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0 && hasDom()) detach()
      }
    },
  }
}
