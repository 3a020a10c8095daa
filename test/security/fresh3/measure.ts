/**
 * Measures the credential detector on the fresh3 corpus through `@howlerops/sync/security` only.
 *
 * - line 1 (`redactSql` / `findCredentials`): a secret leaks when a needle survives `redactSql(text)`; a benign item
 *   is altered when `redactSql(text) !== text` or `findCredentials(text)` finds anything.
 * - line 2 (`checkRequestBody`): a secret is undetected when the Hrana body carrying its raw text yields no finding;
 *   a benign item is blocked when its body yields one. The body is the upsert of the record the text belongs to
 *   (its sink: query history, saved query, connection template field, chat message, preference value).
 * - end to end: line 2 sees what line 1 let through. A secret leaks when a needle survives redaction and the body
 *   carrying the redacted text yields no finding; a benign item is damaged when line 1 altered it or line 2 blocks
 *   the body carrying line 1's output.
 * A `checkRequestBody` that throws counts as a finding (the request would not be sent).
 */
import { checkRequestBody, findCredentials, redactSql } from '@howlerops/sync/security'
import type { BenignItem, SecretItem, Sink } from './types'
import type { Corpus } from './corpus'

type Arg = { type: 'text'; value: string } | { type: 'integer'; value: string } | { type: 'null' }
const t = (value: string): Arg => ({ type: 'text', value })
const n = (value: number): Arg => ({ type: 'integer', value: String(value) })
const NOW = 1764590000000

const upsert = (table: string, key: string, columns: readonly string[]): string =>
  `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT (${key}) DO UPDATE SET ${columns.filter((c) => c !== key).map((c) => `${c} = excluded.${c}`).join(', ')}`

/** The statement and arguments `@libsql/client` sends for one upsert of the record holding `text`. */
const statementFor = (sink: Sink, text: string): { sql: string; args: Arg[] } => {
  switch (sink) {
    case 'query_history.query_text':
    case 'query_history.error_message': {
      const cols = ['id', 'connection_id', 'query_text', 'executed_at', 'duration_ms', 'status', 'error_message', 'privacy_mode', 'updated_at']
      const isError = sink === 'query_history.error_message'
      return { sql: upsert('query_history', 'id', cols), args: [t('qh-0001'), t('conn-0001'), t(isError ? 'SELECT 1' : text), n(NOW), n(42), t(isError ? 'error' : 'success'), isError ? t(text) : { type: 'null' }, t('normal'), n(NOW)] }
    }
    case 'saved_queries.query_text':
    case 'saved_queries.description': {
      const cols = ['id', 'name', 'description', 'query_text', 'folder', 'tags', 'is_favorite', 'updated_at']
      const isDesc = sink === 'saved_queries.description'
      return { sql: upsert('saved_queries', 'id', cols), args: [t('sq-0001'), t('Monthly report'), isDesc ? t(text) : t('kept for the team'), t(isDesc ? 'SELECT 1' : text), t('reports'), t('["ops"]'), n(0), n(NOW)] }
    }
    case 'connection_templates.host':
    case 'connection_templates.username':
    case 'connection_templates.database_name':
    case 'connection_templates.parameters':
    case 'connection_templates.ssh_tunnel': {
      const field = sink.slice('connection_templates.'.length)
      const base: Record<string, string | number | null> = { connection_id: 'conn-0001', name: 'Reporting replica', type: 'postgres', host: 'db.internal.lan', port: 5432, database_name: 'analytics', username: 'report_ro', ssl_mode: 'require', parameters: '{}', ssh_tunnel: null, updated_at: NOW }
      base[field] = text
      const cols = Object.keys(base)
      return { sql: upsert('connection_templates', 'connection_id', cols), args: cols.map((c) => { const v = base[c]; return v === null ? { type: 'null' } : typeof v === 'number' ? n(v) : t(v!) }) }
    }
    case 'ai_memory_messages.content': {
      const cols = ['id', 'session_id', 'role', 'content', 'updated_at']
      return { sql: upsert('ai_memory_messages', 'id', cols), args: [t('msg-0001'), t('session-0001'), t('user'), t(text), n(NOW)] }
    }
    case 'user_preferences.value': {
      const cols = ['id', 'key', 'value', 'updated_at']
      return { sql: upsert('user_preferences', 'id', cols), args: [t('pref-0001'), t('workspace.settings'), t(text), n(NOW)] }
    }
  }
}

export const hranaBody = (text: string, sink: Sink = 'ai_memory_messages.content'): string => {
  const { sql, args } = statementFor(sink, text)
  return JSON.stringify({ baton: null, requests: [{ type: 'execute', stmt: { sql, args, want_rows: false } }, { type: 'close' }] })
}

const lineTwoFinds = async (body: string): Promise<boolean> => {
  try {
    return (await checkRequestBody(body)).length > 0
  } catch {
    return true
  }
}

export interface ItemOutcome {
  readonly id: string
  readonly class: string
  readonly kind: 'secret' | 'benign'
  /** Secret: a needle survived line 1. Benign: line 1 altered it or reported a finding. */
  readonly line1: boolean
  /** Secret: line 2 found nothing in the raw body. Benign: line 2 found something in the raw body. */
  readonly line2: boolean
  /** Secret: leaked through both lines. Benign: altered by line 1 or blocked by line 2. */
  readonly endToEnd: boolean
}

const measureSecret = async (item: SecretItem): Promise<ItemOutcome> => {
  const redacted = redactSql(item.text)
  const survives = item.needles.some((x) => redacted.includes(x))
  const rawCaught = await lineTwoFinds(hranaBody(item.text, item.sink))
  const leaked = survives && !(redacted === item.text ? rawCaught : await lineTwoFinds(hranaBody(redacted, item.sink)))
  return { id: item.id, class: item.class, kind: 'secret', line1: survives, line2: !rawCaught, endToEnd: leaked }
}

const measureBenign = async (item: BenignItem): Promise<ItemOutcome> => {
  const redacted = redactSql(item.text)
  const altered = redacted !== item.text || findCredentials(item.text).length > 0
  const rawBlocked = await lineTwoFinds(hranaBody(item.text, item.sink))
  const blockedAfter = redacted === item.text ? rawBlocked : await lineTwoFinds(hranaBody(redacted, item.sink))
  return { id: item.id, class: item.class, kind: 'benign', line1: altered, line2: rawBlocked, endToEnd: altered || blockedAfter }
}

export interface Rate {
  readonly failed: number
  readonly total: number
  /** failed / total, 0..1. */
  readonly rate: number
}

export interface Figures {
  readonly line1: { readonly secretLeak: Rate; readonly benignAltered: Rate }
  readonly line2: { readonly secretUndetected: Rate; readonly benignBlocked: Rate }
  readonly endToEnd: { readonly secretLeak: Rate; readonly benignDamaged: Rate }
}

export interface Measurement {
  readonly outcomes: readonly ItemOutcome[]
  readonly figures: Figures
}

const rate = (outcomes: readonly ItemOutcome[], pick: (o: ItemOutcome) => boolean): Rate => {
  const failed = outcomes.filter(pick).length
  return { failed, total: outcomes.length, rate: outcomes.length === 0 ? 0 : failed / outcomes.length }
}

export const measureCorpus = async (corpus: Corpus): Promise<Measurement> => {
  const outcomes: ItemOutcome[] = []
  for (const s of corpus.secrets) outcomes.push(await measureSecret(s))
  for (const b of corpus.benign) outcomes.push(await measureBenign(b))
  const secrets = outcomes.filter((o) => o.kind === 'secret')
  const benign = outcomes.filter((o) => o.kind === 'benign')
  return {
    outcomes,
    figures: {
      line1: { secretLeak: rate(secrets, (o) => o.line1), benignAltered: rate(benign, (o) => o.line1) },
      line2: { secretUndetected: rate(secrets, (o) => o.line2), benignBlocked: rate(benign, (o) => o.line2) },
      endToEnd: { secretLeak: rate(secrets, (o) => o.endToEnd), benignDamaged: rate(benign, (o) => o.endToEnd) },
    },
  }
}
