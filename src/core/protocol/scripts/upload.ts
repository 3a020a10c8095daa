import { recordId } from '../../../schema/record'
import type { OutgoingChange, Row } from '../../ports'
import { OUTBOX, SENT_PREFIX, sentPk } from '../layout'
import type { OutboxEntry } from '../outbox'
import { planUpload } from '../upload'
import type { TxPort } from '../port'
import { rowKey } from './tools'

/**
 * What an upload takes (one transaction): sent entries first (possibly committed, few), then the oldest unsent ones
 * that are not held and whose record has nothing in flight, up to `limit`; `planUpload` decides what each carries.
 * Unsent entries become sent, frozen with their row; the frozen rows are recorded in `inFlight` by the entry's pk.
 */
export const takeOutgoingScript = async (port: TxPort, limit: number, inFlight: Map<string, Row>): Promise<OutgoingChange[]> => {
  const sent = (await port.scan(OUTBOX, { prefix: SENT_PREFIX })) as unknown as OutboxEntry[]
  const busy = new Set(sent.map((e) => recordId(e.table, e.key)))
  const chosen: OutboxEntry[] = []
  const chosenKeys = new Set<string>()
  for (const entry of sent.sort((a, b) => (a.order < b.order ? -1 : 1))) {
    const id = recordId(entry.table, entry.key)
    if (chosen.length < limit && !chosenKeys.has(id)) {
      chosen.push(entry)
      chosenKeys.add(id)
    }
  }
  if (chosen.length < limit) {
    // Read with a limit instead of the whole outbox (a 10,000-change upload would otherwise read it ten times).
    const unsent = (await port.scan(OUTBOX, {
      index: 'order',
      filter: (e) => e['sent'] === 0 && e['held'] !== 1 && !busy.has(recordId(String(e['table']), String(e['key']))),
      limit: limit - chosen.length,
    })) as unknown as OutboxEntry[]
    chosen.push(...unsent)
  }
  const byTable = new Map<string, OutboxEntry[]>()
  for (const e of chosen) byTable.set(e.table, [...(byTable.get(e.table) ?? []), e])
  const withRows: Array<{ entry: OutboxEntry; row: Row | null }> = []
  for (const [table, entries] of byTable) {
    const rows = await port.bulkGet(table, entries.map((e) => rowKey(e.table, e.keyColumns)))
    entries.forEach((entry, i) => withRows.push({ entry, row: rows[i] ?? null }))
  }
  const plan = planUpload(withRows, (e) => sentPk(e.table, e.key, e.mutationId))
  if (plan.drop.length > 0) await port.bulkDelete(OUTBOX, plan.drop)
  if (plan.markSent.length > 0) await port.bulkPut(OUTBOX, plan.markSent as unknown as Row[])
  for (const entry of [...chosen, ...plan.markSent]) if (entry.sent === 1 && entry.row !== undefined) inFlight.set(entry.pk, entry.row)
  return plan.changes
}
