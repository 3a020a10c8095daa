import type { TokenStore } from './TokenRegistry.js'

type Fs = typeof import('node:fs')

/**
 * Persists the token map as `tokens.json` in `dataDir`. `node:fs` is resolved on call, through
 * `process.getBuiltinModule`, so the testing subpath still loads in browsers (where dataDir is unsupported).
 */
export const createFileTokenStore = (dataDir: string): TokenStore => {
  const fs = (): Fs => {
    const mod = globalThis.process?.getBuiltinModule?.('node:fs')
    if (!mod) throw new Error('The dataDir option needs Node.js 20.16 or later')
    return mod
  }
  const file = `${dataDir}/tokens.json`
  return {
    load: (): Record<string, string[]> => {
      fs().mkdirSync(dataDir, { recursive: true })
      if (!fs().existsSync(file)) return {}
      return JSON.parse(fs().readFileSync(file, 'utf8')) as Record<string, string[]>
    },
    save: (tokens: Record<string, string[]>): void => {
      fs().writeFileSync(`${file}.tmp`, `${JSON.stringify(tokens, null, 2)}\n`)
      fs().renameSync(`${file}.tmp`, file)
    },
  }
}
