import { setupServer } from 'msw/node'
import { createTursoEmulator, type TursoEmulator, type TursoEmulatorOptions } from '@howlerops/sync/testing'

/** How a test reaches the emulator: through MSW with libsql:// URLs, or over real HTTP with the listen() URL. */
export interface EmulatorMode {
  readonly name: 'msw' | 'http'
  readonly emulator: TursoEmulator
  /** The URL a client uses for `database`: `libsql://<db>.turso.test` (MSW) or `http://127.0.0.1:<port>/<db>`. */
  url(database: string): string
  /** The https/http origin raw fetch requests go to. */
  origin(database: string): string
  stop(): Promise<void>
}

export const startMode = async (name: EmulatorMode['name'], options: TursoEmulatorOptions = {}): Promise<EmulatorMode> => {
  const emulator = createTursoEmulator(options)
  if (name === 'msw') {
    const server = setupServer(...emulator.handlers)
    server.listen({ onUnhandledRequest: 'error' })
    return {
      name,
      emulator,
      url: (database) => emulator.createDatabase(database).url,
      origin: (database) => emulator.createDatabase(database).url.replace(/^libsql:/, 'https:'),
      stop: async () => {
        server.close()
        await emulator.close()
      },
    }
  }
  const server = await emulator.listen(0)
  return { name, emulator, url: (database) => server.urlFor(database), origin: (database) => server.urlFor(database).replace(/\/$/, ''), stop: () => emulator.close() }
}

/** POSTs a raw Hrana body and returns status, headers and parsed JSON. */
export const postJson = async (
  url: string,
  token: string | undefined,
  body: unknown,
): Promise<{ status: number; headers: Headers; json: any }> => {
  const response = await globalThis.fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, headers: response.headers, json: text.startsWith('{') ? JSON.parse(text) : text }
}
