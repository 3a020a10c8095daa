/** Both shipped themes. The page takes the theme's background, as an app using it would. */
export const THEMES = ['light', 'dark'] as const
export type Theme = (typeof THEMES)[number]

export const applyTheme = (theme: Theme): void => {
  document.documentElement.dataset['hsTheme'] = theme
  document.documentElement.style.background = 'var(--hs-bg)'
  document.body.style.background = 'var(--hs-bg)'
  document.body.style.color = 'var(--hs-fg)'
  document.body.style.margin = '0'
  document.body.style.padding = '16px'
}

export const clearTheme = (): void => {
  delete document.documentElement.dataset['hsTheme']
  document.documentElement.removeAttribute('style')
  document.body.removeAttribute('style')
}
