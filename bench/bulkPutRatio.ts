import { Dexie } from 'dexie'
import { storesV2 } from '../src/local/layout'
import { median, round, timed } from './lib/stats'
import { uniqueName } from './lib/world'
import { metric, type Metric } from './lib/metrics'

/**
 * The Node stand-in for the Chromium ratio: bootstrap time of 10,000 records (measured by benchSync) divided by a
 * raw Dexie bulkPut of the very rows the bootstrapped device ended up holding, into a plain Dexie database with the
 * same stores and indexes (no capture middleware), one read-write transaction, one bulkPut per table.
 */
export const rawBulkPutMs = async (rows: ReadonlyMap<string, readonly Record<string, unknown>[]>, runs: number): Promise<number[]> => {
  const times: number[] = []
  for (let run = 0; run < runs; run++) {
    const db = new Dexie(uniqueName('raw'))
    db.version(2).stores(storesV2())
    await db.open()
    const { ms } = await timed(() =>
      db.transaction('rw', [...rows.keys()], async () => {
        for (const [table, list] of rows) if (list.length > 0) await db.table(table).bulkPut(list as Record<string, unknown>[])
      }),
    )
    times.push(ms)
    db.close()
    await db.delete()
  }
  return times
}

export const bootstrapVsBulkPutNode = async (
  rows: ReadonlyMap<string, readonly Record<string, unknown>[]>,
  bootstrapMs: readonly number[],
): Promise<{ ratio: Metric; bulkPut: Metric }> => {
  const put = median(await rawBulkPutMs(rows, bootstrapMs.length))
  const count = [...rows.values()].reduce((n, l) => n + l.length, 0)
  return {
    ratio: metric(round(median(bootstrapMs) / put, 2), 'x', '<=', 1.5, `Node/fake-indexeddb stand-in for bootstrap_vs_bulkput_ratio: median bootstrap of 10,000 records (${bootstrapMs.length} runs) / median raw Dexie bulkPut of the same ${count} rows (${bootstrapMs.length} runs) into the same stores without the sync layer.`),
    bulkPut: metric(round(put, 0), 'ms', 'none', 0, 'Median raw Dexie bulkPut of the bootstrapped rows under fake-indexeddb.', 'context'),
  }
}
