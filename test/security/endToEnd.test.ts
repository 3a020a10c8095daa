// The corpus end to end: records written to Dexie, synced by the engine over @libsql/client to the emulator. The
// emulator's database and every request body that left are searched for each secret (gzip content decompressed).
import { afterAll, describe, expect, it } from 'vitest'
import { createEngine, guardRequestBody } from '@howlerops/sync'
import { createLibsqlRemote } from '@howlerops/sync/remote'
import { createLocalDatabase } from '@howlerops/sync/dexie'
import { redactSql, screenChange } from '@howlerops/sync/security'
import { createDevice, createUserDatabase, startEmulator, type Emulator } from '../engine/harness'
import { BENIGN, expectedRedaction, SECRETS, type BenignItem, type SecretItem } from './corpus/index'

const { emulator, close } = startEmulator()
afterAll(close)

type Item = { kind: 'secret'; item: SecretItem } | { kind: 'benign'; item: BenignItem }

/** Chat and tokens go into AI messages (some padded past the 1 KiB compression threshold), the rest into queries. */
const PAD = `\n${'Context for the assistant. '.repeat(48)}`
const recordOf = (entry: Item, i: number): { table: 'saved_queries' | 'ai_memory_messages'; row: Record<string, unknown>; text: string } => {
  const { item } = entry
  const chat = item.category === 'chat' || item.category === 'token'
  if (!chat) return { table: 'saved_queries', text: item.text, row: { id: `q${i}`, name: `item ${i}`, description: null, query_text: item.text, connection_id: null, folder: null, tags: null, is_favorite: 0 } }
  const text = i % 3 === 0 ? `${item.text}${PAD}` : item.text
  return { table: 'ai_memory_messages', text, row: { id: `m${i}`, session_id: 's1', role: 'user', content: text, content_encoding: 'identity', token_count: 1, metadata: null } }
}

const gunzip = async (b64: string): Promise<string> => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
  return new TextDecoder().decode(await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer())
}
/** Every string in a JSON body or row set, gzip-base64 strings decompressed, joined for grepping. */
const plainText = async (value: unknown): Promise<string> => {
  const parts: string[] = []
  const walk = async (v: unknown): Promise<void> => {
    if (typeof v === 'string') {
      let inner: unknown
      try {
        inner = /^\s*[[{]/.test(v) ? JSON.parse(v) : undefined
      } catch {
        inner = undefined
      }
      if (typeof inner === 'object' && inner !== null) await walk(inner)
      parts.push(v.startsWith('H4sI') ? await gunzip(v).catch(() => v) : v)
    }
    else if (Array.isArray(v)) for (const x of v) await walk(x)
    else if (typeof v === 'object' && v !== null) for (const x of Object.values(v)) await walk(x)
  }
  await walk(value)
  return parts.join('\n')
}

const bodiesOf = (sent: string[]): ((input: RequestInfo | URL, init?: RequestInit) => Promise<Response>) => async (input, init) => {
  if (typeof init?.body === 'string') sent.push(init.body)
  else if (input instanceof Request) sent.push(await input.clone().text())
  return globalThis.fetch(input, init)
}

interface Run {
  readonly serverRows: Map<string, string>
  readonly wire: string
  readonly quarantined: Set<string>
}

const sync = async (emulatorRef: Emulator, items: readonly Item[], sanitize: boolean): Promise<{ run: Run; records: ReturnType<typeof recordOf>[] }> => {
  const user = await createUserDatabase(emulatorRef)
  const sent: string[] = []
  const records = items.map(recordOf)
  let db: ReturnType<typeof createLocalDatabase>
  let engine: { syncNow(): Promise<unknown> }
  if (sanitize) {
    // Unsealed: this measures the credential firewall, which guards plaintext (sealed: test/sealing/corpus.test.ts).
    const device = createDevice(user, 'corpus', { sealing: false, remote: { url: user.url, authToken: user.authToken, fetch: bodiesOf(sent) } })
    db = device.db
    engine = device.engine
  } else {
    // No sanitizer on purpose: the final check on the request body is the only line of defence.
    db = createLocalDatabase(`raw-${Math.random()}`)
    engine = createEngine({
      local: db.sync,
      remote: createLibsqlRemote({ url: user.url, authToken: user.authToken, fetch: bodiesOf(sent), guard: guardRequestBody }),
      userId: 'user-1',
      screen: (change) => ({ row: change.row }),
      env: { locks: undefined, channel: () => undefined },
    })
  }
  const size = sanitize ? 250 : 40
  for (let at = 0; at < records.length; at += size) {
    const chunk = records.slice(at, at + size)
    await db.saved_queries.bulkPut(chunk.filter((r) => r.table === 'saved_queries').map((r) => r.row) as never)
    await db.ai_memory_messages.bulkPut(chunk.filter((r) => r.table === 'ai_memory_messages').map((r) => r.row) as never)
    // A blocked push quarantines the record the firewall names and stops the cycle; go on until nothing is pending.
    for (let cycle = 0; cycle < 2 * size && (await db.table('_outbox').count()) > 0; cycle += 1) await engine.syncNow().catch(() => undefined)
  }
  const serverRows = new Map<string, string>()
  for (const row of await emulatorRef.query(user.name, 'SELECT id, query_text AS text FROM saved_queries')) serverRows.set(String(row['id']), String(row['text']))
  for (const row of await emulatorRef.query(user.name, 'SELECT id, content AS text, content_encoding AS enc FROM ai_memory_messages')) {
    serverRows.set(String(row['id']), row['enc'] === 'gzip-base64' ? await gunzip(String(row['text'])) : String(row['text']))
  }
  const wire = (await Promise.all(sent.map(async (b) => plainText(JSON.parse(b) as unknown)))).join('\n')
  const quarantined = new Set((await db.sync.quarantined()).map((q) => q.key))
  return { run: { serverRows, wire, quarantined }, records }
}

const items: Item[] = [...SECRETS.map((item) => ({ kind: 'secret' as const, item })), ...BENIGN.map((item) => ({ kind: 'benign' as const, item }))]
const idOf = (r: ReturnType<typeof recordOf>): string => String(r.row['id'])
const serverDump = (run: Run): string => [...run.serverRows.values()].join('\n')

describe(`end to end through the engine and the emulator: ${SECRETS.length} secrets, ${BENIGN.length} benign items`, () => {
  it('both lines together: leaks 0, mangled 0, false positives <= 0.5 %', async () => {
    expect(screenChange).toBeTypeOf('function')
    const { run, records } = await sync(emulator, items, true)
    const server = serverDump(run)
    const leaks = items.filter((e, i) => e.kind === 'secret' && e.item.needles.some((n) => server.includes(n) || run.wire.includes(n)))
    const mangled = items.filter((e, i) => {
      if (e.kind !== 'secret' || run.quarantined.has(idOf(records[i]!))) return false
      const stored = run.serverRows.get(idOf(records[i]!))
      const text = records[i]!.text
      return stored !== (text === e.item.text ? expectedRedaction(e.item) : redactSql(text))
    })
    const quarantinedSecrets = items.filter((e, i) => e.kind === 'secret' && run.quarantined.has(idOf(records[i]!)))
    const falsePositives = items.filter((e, i) => e.kind === 'benign' && run.serverRows.get(idOf(records[i]!)) !== records[i]!.text)
    console.info(
      [
        `[security] end to end (sanitizer + final check, engine → @libsql/client → emulator): ${SECRETS.length} secrets, ${BENIGN.length} benign, ${records.filter((r) => r.text.length > 1024).length} records over the 1 KiB compression threshold`,
        `| leaks | quarantined secrets | mangled | false positives |`,
        `| ${leaks.length} | ${quarantinedSecrets.length} | ${mangled.length} | ${falsePositives.length} (${((100 * falsePositives.length) / BENIGN.length).toFixed(2)} %) |`,
      ].join('\n'),
    )
    expect(leaks.map((e) => (e.kind === 'secret' ? e.item.format : ''))).toEqual([])
    expect(mangled.map((e) => (e.kind === 'secret' ? e.item.format : ''))).toEqual([])
    expect(falsePositives.length / BENIGN.length).toBeLessThanOrEqual(0.005)
  }, 300_000)

  it('the final check alone (no sanitizer): every secret record quarantined, none leaks, benign records sync unchanged', async () => {
    // One secret of every format and a third of the benign items: each blocked record costs a push of its own.
    const seen = new Set<string>()
    const sample = items.filter((e, i) => (e.kind === 'secret' ? !seen.has(e.item.format) && seen.add(e.item.format) !== undefined : i % 3 === 0))
    const { run, records } = await sync(emulator, sample, false)
    const items_ = sample
    const server = serverDump(run)
    const leaks = items_.filter((e) => e.kind === 'secret' && e.item.needles.some((n) => server.includes(n) || run.wire.includes(n)))
    const undetected = items_.filter((e, i) => e.kind === 'secret' && !run.quarantined.has(idOf(records[i]!)))
    if (process.env['CORPUS_DEBUG'] !== undefined) for (const [i, e] of items_.entries()) if (e.kind === 'secret' && !run.quarantined.has(idOf(records[i]!))) console.log('UNDETECTED', idOf(records[i]!), records[i]!.text.length, e.item.format, JSON.stringify(e.item.text).slice(0, 120), server.includes(e.item.needles[0]!), run.wire.includes(e.item.needles[0]!))
    const falsePositives = items_.filter((e, i) => e.kind === 'benign' && run.serverRows.get(idOf(records[i]!)) !== records[i]!.text)
    console.info(
      [
        `[security] end to end, final check alone (identity screen): ${seen.size} secrets (one per format), ${items_.length - seen.size} benign`,
        `| leaks | undetected | false positives |`,
        `| ${leaks.length} | ${undetected.length} | ${falsePositives.length} (${((100 * falsePositives.length) / (items_.length - seen.size)).toFixed(2)} %) |`,
      ].join('\n'),
    )
    expect(leaks.map((e) => (e.kind === 'secret' ? e.item.format : ''))).toEqual([])
    expect(undetected.map((e) => (e.kind === 'secret' ? e.item.format : ''))).toEqual([])
    expect(falsePositives.length / (items_.length - seen.size)).toBeLessThanOrEqual(0.005)
  }, 300_000)
})
