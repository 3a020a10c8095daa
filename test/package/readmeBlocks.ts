import { readFileSync } from 'node:fs'

export interface CodeBlock {
  /** The app file it becomes: the block's leading `// path` comment, or a generated name. */
  readonly file: string
  readonly code: string
  /** Where it came from, for failure messages. */
  readonly source: string
}

const dedent = (text: string): string => {
  const lines = text.split('\n')
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length))
  return lines.map((l) => l.slice(indent)).join('\n')
}

/** Every ```ts and ```tsx block of a Markdown file, in order. */
export const codeBlocks = (path: string, label: string): CodeBlock[] => {
  const text = readFileSync(path, 'utf8')
  const blocks: CodeBlock[] = []
  for (const match of text.matchAll(/^( *)```(ts|tsx)\n([\s\S]*?)^\1```/gm)) {
    const code = dedent(match[3]!.replace(/\n$/, ''))
    const line = text.slice(0, match.index).split('\n').length
    const named = /^\/\/ ([\w./-]+\.tsx?)\s*$/m.exec(code.split('\n')[0] ?? '')?.[1]
    // An unnamed block is a module of its own (`export {}`), so blocks never share a global scope.
    blocks.push(named === undefined ? { file: `blocks/${label}-${line}.${match[2]}`, code: `${code}\nexport {}\n`, source: `${label}:${line}` } : { file: named, code, source: `${label}:${line}` })
  }
  return blocks
}
