/**
 * Runs only the cost bench: `node --import tsx --import ./scripts/raw-loader.mjs bench/costOnly.ts [average|heavy|power…]`
 * (default: the average user). Prints each profile's month and, for the average user, the poll-setting sweep.
 */
import 'fake-indexeddb/auto'
import { benchCost, PROFILES } from './cost'
import { startWorld } from './lib/world'

const names = process.argv.slice(2)
const profiles = PROFILES.filter((p) => (names.length === 0 ? p.name === 'average' : names.includes(p.name)))
const world = await startWorld()
try {
  const { metrics } = await benchCost(world, (line) => console.log(line), profiles)
  for (const [name, m] of Object.entries(metrics)) console.log(`${name}: ${m.value.toLocaleString('en-US')} ${m.unit} (${m.target})`)
} finally {
  await world.close()
}
