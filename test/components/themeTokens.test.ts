import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// The stylesheet's themes, read as the browser would: the dark values under prefers-color-scheme and under
// data-hs-theme="dark" are one theme (they cannot drift apart), and every text/background pair meets WCAG AA in
// both themes, including the ones axe cannot see unless a state is rendered.
const css = readFileSync(new URL('../../src/components/styles.css', import.meta.url), 'utf8')

const block = (selector: string): Record<string, string> => {
  const start = css.indexOf(`${selector} {`)
  if (start < 0) throw new Error(`no ${selector} block`)
  const body = css.slice(start + selector.length + 2, css.indexOf('}', start))
  return Object.fromEntries([...body.matchAll(/(--hs-[\w-]+):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]))
}
const mediaDark = (): Record<string, string> => {
  const at = css.indexOf('@media (prefers-color-scheme: dark)')
  const inner = css.slice(at, css.indexOf('}\n}', at) + 1)
  return Object.fromEntries([...inner.matchAll(/(--hs-[\w-]+):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]))
}

const luminance = (hex: string): number => {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}
const contrast = (a: string, b: string): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}

/** Text colour on background colour, as the stylesheet pairs them. */
const PAIRS: Array<[string, string]> = [
  ['--hs-fg', '--hs-bg'],
  ['--hs-fg', '--hs-surface'],
  ['--hs-muted', '--hs-bg'],
  ['--hs-muted', '--hs-surface'],
  ['--hs-fg', '--hs-changed-bg'], // the conflict dialog's changed rows
  ['--hs-fg', '--hs-warning-bg'], // warning chips
  ['--hs-accent-fg', '--hs-accent'], // primary buttons, the "This device" chip
  ['--hs-danger-fg', '--hs-danger-bg'], // the deactivate button
  ['--hs-danger', '--hs-bg'], // error text
  ['--hs-success', '--hs-bg'], // "Active now"
]

const light = { ...block(':where(:root)') }
const themes = { light, 'forced light': { ...light, ...block(":where([data-hs-theme='light'])") }, 'system dark': { ...light, ...mediaDark() }, 'forced dark': { ...light, ...block(":where([data-hs-theme='dark'])") } }

describe('theme tokens', () => {
  it('the system dark theme and data-hs-theme="dark" are the same values; forced light equals the default', () => {
    expect(mediaDark()).toEqual(block(":where([data-hs-theme='dark'])"))
    const { ...colours } = block(":where([data-hs-theme='light'])")
    for (const [name, value] of Object.entries(colours)) expect(light[name], name).toBe(value)
  })

  for (const [theme, tokens] of Object.entries(themes)) {
    it.each(PAIRS)(`${theme}: %s on %s is at least 4.5:1`, (fg, bg) => {
      expect(contrast(tokens[fg]!, tokens[bg]!)).toBeGreaterThanOrEqual(4.5)
    })
  }
})
