// Done-when of issue 25, sealed (the README's setup): every secret and benign item of the corpus, written into the
// user columns of every synced table, never appears in plaintext in any request body or server row, and the user's
// other device reads every value back exactly: 0 altered, 0 quarantined, 0 unopenable.
import { afterAll, describe, expect, it } from 'vitest'
import type { SyncedTableName } from '@howlerops/sync'
import { createDevice, createUserDatabase, startEmulator, type UserDatabase } from '../engine/harness'
import { BENIGN, SECRETS } from '../security/corpus/index'
import { buildCorpus } from '../security/fresh/corpus'

const { emulator, close } = startEmulator()
afterAll(close)

interface Placed {
  readonly table: SyncedTableName
  readonly key: string
  readonly row: Record<string, unknown>
  /** The column and the value it must read back as. */
  readonly column: string
  readonly value: unknown
}

const PAD = `\n${'Context for the assistant. '.repeat(48)}`

/** Item i goes into a user column of one of the tables, in turn (text and JSON columns, short and long). */
const place = (text: string, i: number): Placed => {
  const id = `r${i}`
  switch (i % 7) {
    case 0:
      return { table: 'saved_queries', key: id, column: 'query_text', value: text, row: { id, name: `n${i}`, query_text: text } }
    case 1:
      return { table: 'query_history', key: id, column: 'query_text', value: text, row: { id, query_text: text, executed_at: i, status: 'error', error_message: text } }
    case 2: {
      const content = i % 3 === 0 ? `${text}${PAD}` : text
      return { table: 'ai_memory_messages', key: id, column: 'content', value: content, row: { id, session_id: 's', role: 'user', content, metadata: { note: text } } }
    }
    case 3:
      return { table: 'ai_memory_sessions', key: id, column: 'summary', value: text, row: { id, title: text.slice(0, 200) || 't', summary: text } }
    case 4:
      return { table: 'connection_templates', key: id, column: 'parameters', value: { note: text }, row: { connection_id: id, name: text.slice(0, 100) || 'n', type: 'sqlite', file_path: text, parameters: { note: text } } }
    case 5:
      return { table: 'user_preferences', key: '', column: 'value', value: { note: text }, row: { device_id: null, key: `pref.${i}`, value: { note: text } } }
    default:
      return { table: 'saved_queries', key: id, column: 'description', value: text, row: { id, name: text.slice(0, 100) || 'n', description: text, query_text: 'select 1', tags: [text] } }
  }
}

const capture = (sent: string[]): typeof globalThis.fetch => async (input, init) => {
  const request = new Request(input, init)
  sent.push(await request.clone().text())
  return globalThis.fetch(request)
}

const serverDump = async (user: UserDatabase): Promise<string> => {
  const tables = ['saved_queries', 'query_history', 'ai_memory_messages', 'ai_memory_sessions', 'connection_templates', 'user_preferences', 'device_registry', 'sync_conflicts_archive']
  const parts = await Promise.all(tables.map(async (t) => JSON.stringify(await emulator.query(user.name, `SELECT * FROM ${t}`))))
  return parts.join('\n')
}

interface Secret {
  readonly label: string
  readonly text: string
  readonly needles: readonly string[]
}

/** Writes every item into a user column, syncs, looks for plaintext, and reads everything back on a second device. */
const checkCorpus = async (secrets: readonly Secret[], benign: readonly string[]): Promise<void> => {
  const user = await createUserDatabase(emulator)
  const sent: string[] = []
  const a = createDevice(user, 'A', { remote: { url: user.url, authToken: user.authToken, fetch: capture(sent) } })
  const placed = [...secrets.map((s) => s.text), ...benign].map(place)
  for (const table of new Set(placed.map((p) => p.table))) {
    await a.db.table(table).bulkPut(placed.filter((p) => p.table === table).map((p) => p.row))
  }
  for (let cycle = 0; cycle < 5 && (await a.db.table('_outbox').count()) > 0; cycle += 1) await a.engine.syncNow()
  expect(await a.db.sync.quarantined()).toEqual([])
  expect(await a.db.table('_outbox').count()).toBe(0)

  const wire = sent.join('\n')
  const server = await serverDump(user)
  // JSON escapes quotes and backslashes: look for each needle as it would appear in a body or a JSON dump too.
  const forms = (n: string): string[] => [n, JSON.stringify(n).slice(1, -1)]
  const leaked = secrets.filter((s) => s.needles.some((n) => forms(n).some((f) => wire.includes(f) || server.includes(f))))
  expect(leaked.map((s) => s.label)).toEqual([])
  const benignSeen = benign.filter((b) => b.length >= 16 && forms(b).some((f) => wire.includes(f) || server.includes(f)))
  expect(benignSeen.map((b) => b.slice(0, 40))).toEqual([])

  const b = createDevice(user, 'B')
  await b.engine.syncNow()
  expect(b.engine.getStatus()).toMatchObject({ quarantinedCount: 0 })
  expect(b.engine.getStatus().unopenableCount ?? 0).toBe(0)
  const altered: string[] = []
  for (const p of placed) {
    const row = p.table === 'user_preferences'
      ? await b.db.user_preferences.where('key').equals(String(p.row['key'])).first()
      : await b.db.table(p.table).get(p.key)
    if (JSON.stringify((row as Record<string, unknown> | undefined)?.[p.column]) !== JSON.stringify(p.value)) altered.push(`${p.table}.${p.column} ${p.key}`)
  }
  expect(altered).toEqual([])
}

describe('sealed: the corpora in the user columns of every table', () => {
  it(`our corpus (${SECRETS.length} secrets, ${BENIGN.length} benign): no plaintext anywhere, every value read back exactly`, async () => {
    await checkCorpus(SECRETS.map((s) => ({ label: s.format, text: s.text, needles: s.needles })), BENIGN.map((b) => b.text))
  }, 300_000)

  it('the fresh corpus (test/security/fresh, its own generator and seed): no plaintext anywhere, every value read back exactly', async () => {
    const fresh = buildCorpus()
    await checkCorpus(fresh.secrets.map((s) => ({ label: s.class, text: s.text, needles: s.needles })), fresh.benign.map((b) => b.text))
  }, 300_000)
})
