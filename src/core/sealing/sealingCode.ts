/** The sealing code proper, in a chunk of its own: loaded with the first push or pull of a sealing engine. */
export { createSealer } from './createSealer'
export { openRow, sealChange, sealRow } from './sealRow'
export { relocatePreferences } from './relocatePreferences'
