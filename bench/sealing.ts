import { createContentKey } from '../src/index'
import { closeDevice, createDevice, writeRows, type World } from './lib/world'
import { countRows, mixedRows } from './lib/records'
import { median, round } from './lib/stats'
import { metric, type Metric } from './lib/metrics'
import type { BundleSize } from './bundle'

/**
 * What sealing (R11) costs on the push: 10,000 records (bench/lib/records.ts mixedRows) written and pushed by
 * syncNow() until the pull starts, sealed over unsealed, runs alternating which goes first, medians. Node here
 * (fake-indexeddb, WebCrypto of Node); the Chromium run measures the same in bench/browser and wins when it ran.
 */
export const measureSealingOverheadNode = async (world: World, runs = 3): Promise<{ sealedMs: number[]; unsealedMs: number[] }> => {
  const sealedMs: number[] = []
  const unsealedMs: number[] = []
  const once = async (sealed: boolean, run: number): Promise<void> => {
    const user = await world.createUser()
    const d = createDevice(user, `sealing-${sealed}-${run}`, sealed ? { sealing: { key: createContentKey() } } : {})
    await d.engine.syncNow()
    const rows = mixedRows(10_000, `seal${run}${sealed ? 's' : 'u'}`)
    await writeRows(d.db, rows)
    let pullAt = 0
    const unsubscribe = d.engine.subscribe(() => {
      if (pullAt === 0 && d.engine.getStatus().phase === 'pulling') pullAt = performance.now()
    })
    const started = performance.now()
    const summary = await d.engine.syncNow()
    unsubscribe()
    if (summary.pushed !== countRows(rows)) throw new Error(`sealing bench: pushed ${summary.pushed}`)
    ;(sealed ? sealedMs : unsealedMs).push(pullAt - started)
    await closeDevice(d)
  }
  for (let run = 0; run < runs; run += 1) {
    await once(run % 2 === 0, run)
    await once(run % 2 !== 0, run)
  }
  return { sealedMs, unsealedMs }
}

const SEALING_MODULES = /src\/core\/sealing\/|src\/schema\/(sealing|tombstone)\.ts|finalCheck\/sealedEnvelope\.ts/

/** Minified bytes the sealing modules render into the bundle (the build of bench/bundle.ts), initial and lazy. */
export const sealingBundleBytes = (ours: BundleSize): { initial: number; lazy: number } => {
  let initial = 0
  let lazy = 0
  for (const chunk of Object.values(ours.chunks)) {
    for (const [id, length] of chunk.modules) if (SEALING_MODULES.test(id)) chunk.lazy ? (lazy += length) : (initial += length)
  }
  return { initial, lazy }
}

export const sealingMetrics = (input: { sealedMs: readonly number[]; unsealedMs: readonly number[]; where: string; bundle: { initial: number; lazy: number } }): Record<string, Metric> => ({
  sealing_overhead_ratio: metric(
    round(median(input.sealedMs) / median(input.unsealedMs), 2),
    'x',
    '<=',
    1.15,
    `${input.where}: median push of 10,000 records (mixedRows, written through the Dexie tables, syncNow() until the pull starts) with sealing on (AES-GCM per user column, WebCrypto) / the same with sealing: false, same run, runs alternating: sealed ${input.sealedMs.map((m) => round(m, 0)).join(' / ')} ms, unsealed ${input.unsealedMs.map((m) => round(m, 0)).join(' / ')} ms.`,
  ),
  sealing_bundle_bytes: metric(
    input.bundle.initial + input.bundle.lazy,
    'B',
    'none',
    0,
    `Minified bytes of the sealing modules (src/core/sealing/, src/schema/sealing.ts and tombstone.ts, the final check's sealedEnvelope.ts) in the bench/bundle.ts build: ${input.bundle.initial} B in the initial chunks, ${input.bundle.lazy} B in lazy ones (before gzip).`,
    'context',
  ),
})
