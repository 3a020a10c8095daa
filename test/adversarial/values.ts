import fc from 'fast-check'
import { localColumns, preferenceId, SYNC_COLUMN_NAMES, tables, type SyncedTableName } from '@howlerops/sync'

/** The synced tables an app writes user content into. */
export const CONTENT_TABLES: readonly SyncedTableName[] = [
  'user_preferences',
  'connection_templates',
  'query_history',
  'saved_queries',
  'ai_memory_sessions',
  'ai_memory_messages',
  'device_registry',
  'sync_conflicts_archive',
]

/** Values for columns a CHECK constrains (not user-authored content), so the record really syncs. */
const FIXED: Record<string, unknown> = {
  type: 'sqlite',
  role: 'user',
  status: 'error',
  privacy_mode: 'normal',
  content_encoding: 'identity',
  device_type: 'desktop',
  strategy: 'keep-both',
  resolution: 'both',
  resolved_by: 'user',
  entity_type: 'saved_queries',
  port: 5432,
  is_favorite: 0,
  is_active: 1,
}

/** A marker that is unique per value and appears nowhere but in that value's plaintext. */
export const marker = (n: number): string => `Mk${n.toString(36)}QzXwV`

/** User-authored text of every shape a user writes: unicode, empty, huge, numbers-as-text, JSON-looking text. */
export const textValue = (seed: number, n: number): string => {
  const m = marker(n)
  const shapes: Array<() => string> = [
    () => '',
    () => `${m}`,
    () => `0${n}07 ${m}`, // numbers-as-text keeps its leading zero
    () => `${m} 日本語 🧪 e\u0301 \u200d\u{1F468}\u200d\u{1F469} ʕ•ᴥ•ʔ`,
    () => `{"a":1,"m":"${m}"}`,
    () => `  ${m}\n\t\r\n  `,
    () => `${m}${'x'.repeat(20_000)}${m}`,
    () => `${m} \\u0000 "quoted" 'single' \`back\``,
    () => `${fc.sample(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), { seed: seed + n, numRuns: 1 })[0] ?? ''}${m}`,
    () => `${m} SELECT * FROM users WHERE password = 'hunter2' -- ${m}`,
  ]
  const shape = shapes[n % shapes.length] ?? shapes[1]!
  return shape()
}

/** A JSON value of varied shape carrying the marker. */
export const jsonValue = (n: number): unknown => {
  const m = marker(n)
  const shapes: unknown[] = [
    [m, 1, null, true],
    { nested: { deep: [m, { x: m }] }, n: 1.5 },
    m,
    { '': m, 'ключ': [m] },
    [],
  ]
  return shapes[n % shapes.length]
}

/** A valid record of `table` with generated user content in every free text and JSON column. */
export const contentRecord = (table: SyncedTableName, id: string, n: number, seed = 7): Record<string, unknown> => {
  const row: Record<string, unknown> = {}
  let i = 0
  for (const column of localColumns(table)) {
    if (SYNC_COLUMN_NAMES.has(column.name)) continue
    const k = n * 31 + i++
    if ((tables[table].key as readonly string[]).includes(column.name)) row[column.name] = id
    else if (column.name in FIXED) row[column.name] = FIXED[column.name]
    else if (column.name === 'device_id') row[column.name] = column.nullable ? null : 'device-1'
    // Foreign keys and ids are plain by design (docs/sealing.md): they carry ids, never user text.
    else if (column.name.endsWith('_id')) row[column.name] = column.nullable ? null : `ref-${k}`
    else if (column.check?.kind === 'in') row[column.name] = column.check.values[0]
    else if (column.check?.kind === 'glob-prefix') row[column.name] = `${column.check.prefix}${marker(k)}`
    else if (column.kind === 'json') row[column.name] = jsonValue(k)
    else if (column.kind === 'text') row[column.name] = textValue(seed, k)
    else if (column.kind === 'integer' || column.kind === 'real') row[column.name] = column.check?.kind === 'range' ? (column.check.min ?? 1) : 1
  }
  if (table === 'user_preferences') row['id'] = preferenceId(String(row['key']))
  return row
}

/** Every marker present in a record (the needles that must never reach the wire or the server). */
export const markersOf = (record: Record<string, unknown>): string[] => [...JSON.stringify(record).matchAll(/Mk[0-9a-z]+QzXwV/g)].map((m) => m[0])

/** The record without its sync columns, for comparing what two devices hold. */
export const userColumns = (row: Record<string, unknown> | undefined): Record<string, unknown> | undefined => {
  if (row === undefined) return undefined
  return Object.fromEntries(Object.entries(row).filter(([k]) => !SYNC_COLUMN_NAMES.has(k)))
}
