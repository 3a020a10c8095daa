import { useEffect, useRef, type KeyboardEvent, type RefObject } from 'react'

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

/**
 * Modal focus: moves focus into `ref` when it mounts, keeps Tab inside, calls `onEscape` on Escape, and returns
 * focus to whatever had it before (the opener) when it unmounts.
 */
export const useFocusTrap = (ref: RefObject<HTMLElement | null>, onEscape: () => void): ((event: KeyboardEvent) => void) => {
  const escape = useRef(onEscape)
  escape.current = onEscape
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    const root = ref.current
    if (root !== null && !root.contains(document.activeElement)) (root.querySelector<HTMLElement>(FOCUSABLE) ?? root).focus()
    return () => {
      if (opener?.isConnected === true) opener.focus()
    }
  }, [ref])

  return (event) => {
    if (event.key === 'Escape') {
      event.stopPropagation()
      escape.current()
      return
    }
    if (event.key !== 'Tab' || ref.current === null) return
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)]
    const first = items[0]
    const last = items[items.length - 1]
    if (first === undefined || last === undefined) {
      event.preventDefault()
      return
    }
    if (event.shiftKey && (document.activeElement === first || !ref.current.contains(document.activeElement))) {
      event.preventDefault()
      last.focus()
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault()
      first.focus()
    }
  }
}
