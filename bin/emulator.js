#!/usr/bin/env node
// The Turso emulator on the command line: npx howlerops-sync-emulator [--port 8080] [--data ./.turso] (see --help).
// It needs only this package: no msw, no @libsql/client (the native libsql engine is a dependency of ours).
import { fileURLToPath } from 'node:url'
import { runEmulatorCli } from '../dist/testing.js'

const argv = process.argv.slice(2)
try {
  const running = await runEmulatorCli(argv, { defaultSchemaFile: fileURLToPath(new URL('../schema.sql', import.meta.url)) })
  if (running) {
    const stop = () => {
      void running.emulator.close().then(() => process.exit(0))
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error))
  if (error instanceof Error && error.name === 'EmulatorCliUsageError') console.error('Try --help')
  process.exit(2)
}
