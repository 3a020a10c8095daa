import { useEffect, useRef, type KeyboardEvent, type RefObject } from 'react'

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])'

/**
 * A real modal from a `<dialog>`: `showModal()` puts it in the top layer, centred in the viewport above everything
 * (no ancestor's overflow or stacking context can clip it) and makes the rest of the page inert. Where the platform
 * has no `showModal` (jsdom, old engines) it is opened in place and Tab is kept inside by hand.
 *
 * Focus moves to the first control on open and back to the opener on close; Escape calls `onEscape` (the dialog's
 * own `cancel` is prevented, so the app's `open` state stays the one truth).
 */
export const useModalDialog = (ref: RefObject<HTMLDialogElement | null>, onEscape: () => void): ((event: KeyboardEvent) => void) => {
  const escape = useRef(onEscape)
  escape.current = onEscape
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    const dialog = ref.current
    if (dialog === null) return
    const cancel = (event: Event): void => event.preventDefault()
    dialog.addEventListener('cancel', cancel)
    if (!dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal()
      else dialog.setAttribute('open', '')
    }
    ;(dialog.querySelector<HTMLElement>(FOCUSABLE) ?? dialog).focus()
    return () => {
      dialog.removeEventListener('cancel', cancel)
      if (typeof dialog.close === 'function' && dialog.open) dialog.close()
      if (opener?.isConnected === true) opener.focus()
    }
  }, [ref])

  return (event) => {
    if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      escape.current()
      return
    }
    if (event.key !== 'Tab' || ref.current === null) return
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((e) => e.closest('details:not([open]) > :not(summary)') === null)
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
