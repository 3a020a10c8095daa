export { createTursoEmulator } from './createTursoEmulator.js'
export { runEmulatorCli } from './cli.js'
export { createLibsqlEngine } from './engine/createLibsqlEngine.js'
export { EmulatorHttpError, HranaProtocolError, StatementError, TursoEmulatorError } from './errors.js'
export { FaultInjector } from './FaultInjector.js'
export type { FaultPlan, FaultSpec, FaultTarget } from './FaultInjector.js'
export type { DatabaseStats } from './database/SqlExecutor.js'
export type { DatabaseSnapshot } from './database/snapshot.js'
export type {
  SqlColumn,
  SqlConnection,
  SqlEngine,
  SqlEngineError,
  SqlRunResult,
  SqlStatement,
  SqlValue,
} from './engine/SqlEngine.js'
export type {
  EmulatorDatabase,
  EmulatorServer,
  QueryArgs,
  RequestLogEntry,
  TursoEmulator,
  TursoEmulatorOptions,
} from './types.js'
export { createFakeEngine } from './createFakeEngine.js'
export type { FakeEngine, FakeEngineState, FakeEngineCalls } from './createFakeEngine.js'
export { createRowOpener } from './createRowOpener.js'
