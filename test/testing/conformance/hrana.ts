import { postJson, type EmulatorMode } from '../modes.js'

/** One raw Hrana pipeline request against `database`, with its own token unless another is given. */
export const rawPipeline = async (
  mode: EmulatorMode,
  database: string,
  requests: unknown[],
  options: { version?: 2 | 3; baton?: string | null; token?: string } = {},
): Promise<{ status: number; headers: Headers; json: any }> =>
  postJson(`${mode.origin(database).replace(/\/$/, '')}/v${options.version ?? 3}/pipeline`, options.token ?? mode.emulator.createDatabase(database).authToken, {
    baton: options.baton ?? null,
    requests,
  })

export const exec = (sql: string, extra: Record<string, unknown> = {}): unknown => ({ type: 'execute', stmt: { sql, ...extra } })
export const int = (value: number): unknown => ({ type: 'integer', value: String(value) })
export const txt = (value: string): unknown => ({ type: 'text', value })
