import { describe, expect, it } from 'vitest'
import { screenPlainColumns } from '../../src/core/sealing/screenPlainColumns'
import { plainTextColumns, sealedColumns } from '../../src/schema/sealing'
import { SYNCED_TABLES, tables } from '../../src/schema/tables'
import { screenChange } from '../../src/security/screenChange'
import type { OutgoingChange } from '../../src/core/ports'
import type { Screen } from '../../src/core/cycle'

const AWS = 'AKIAIOSFODNN7EXAMPLF'
const change = (table: OutgoingChange['table'], row: Record<string, unknown>): OutgoingChange =>
  ({ table, key: 'k', op: 'upsert', mutationId: 'm1', baseVersion: 0, row }) as OutgoingChange

describe('the screen of a sealing engine reads the plaintext columns an app chose', () => {
  it('per table: keys and foreign keys, never sealed, numeric, enum or stamped sync columns', () => {
    for (const table of SYNCED_TABLES) {
      const row = Object.fromEntries(tables[table].columns.map((c) => [c.name, c.kind === 'integer' || c.kind === 'real' ? 1 : `v-${c.name}`]))
      let seen: Record<string, unknown> | undefined
      const recording: Screen = (c) => ((seen = c.row), { row: c.row })
      const out = screenPlainColumns(recording)(change(table, row))
      expect(out.row).toEqual(row)
      const names = Object.keys(seen ?? {})
      expect(names.sort()).toEqual([...plainTextColumns(table)].sort())
      const sealed = new Set(sealedColumns(table).map((c) => c.name))
      for (const name of names) {
        expect(sealed.has(name), `${table}.${name} is sealed`).toBe(false)
        expect(['hlc', 'mutation_id', 'origin_device_id', 'user_id', 'sync_version', 'server_seq', 'updated_at']).not.toContain(name)
      }
    }
    expect(plainTextColumns('query_history')).toEqual(expect.arrayContaining(['id', 'connection_id']))
    expect(plainTextColumns('query_history')).not.toContain('status')
    expect(plainTextColumns('query_history')).not.toContain('query_text')
  })

  it('a credential in a key column is still caught; one in a sealed column is left to the seal', () => {
    const screen = screenPlainColumns(screenChange as Screen)
    const inKey = screen(change('query_history', { id: 'q1', connection_id: `aws_access_key_id=${AWS}`, query_text: 'select 1', status: 'success' }))
    expect(inKey.leak !== undefined || inKey.row['connection_id'] !== `aws_access_key_id=${AWS}`).toBe(true)
    const inSealed = screen(change('query_history', { id: 'q1', connection_id: 'c1', query_text: `-- key ${AWS}\nselect 1`, status: 'success' }))
    expect(inSealed.leak).toBeUndefined()
    expect(inSealed.row['query_text']).toBe(`-- key ${AWS}\nselect 1`)
  })

  it('what the screen removes or rewrites in a plain column is removed or rewritten in the change', () => {
    const rewriting: Screen = (c) => {
      const row: Record<string, unknown> = { ...c.row, id: '[REDACTED]' }
      delete row['connection_id']
      return { row, leak: { field: 'id', kind: 'test' } }
    }
    const out = screenPlainColumns(rewriting)(change('query_history', { id: 'q1', connection_id: 'c1', query_text: 'x', status: 'success' }))
    expect(out.row).toEqual({ id: '[REDACTED]', query_text: 'x', status: 'success' })
    expect(out.leak).toEqual({ field: 'id', kind: 'test' })
  })
})
