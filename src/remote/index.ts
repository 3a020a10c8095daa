export { createLibsqlRemote } from './libsqlRemote'
export type { LibsqlRemote, RemoteOptions } from './libsqlRemote'
export type { TransportStats } from './transport'
export { InvalidServerRowError } from './InvalidServerRowError'
