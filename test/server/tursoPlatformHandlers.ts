// MSW handlers that behave like the Turso Platform API calls provisioning uses, as documented in
// https://docs.turso.tech/api-reference (databases/create, databases/retrieve, databases/create-token, response-codes)
// and tursodatabase/turso-docs api-reference/openapi.json. With an emulator, created databases are real emulator
// databases and minted JWTs are emulator tokens, so `libsql://<Hostname>` + `jwt` really connects.
import { http, HttpResponse, type HttpHandler } from 'msw'
import type { TursoEmulator } from '@howlerops/sync/testing'

export interface RecordedPlatformRequest {
  readonly method: string
  readonly url: URL
  readonly authorization: string | null
  readonly contentType: string | null
  readonly body: unknown
}

export interface FakeDatabase {
  readonly DbId: string
  readonly Hostname: string
  readonly Name: string
  readonly group: string
  readonly seed?: unknown
}

export interface TursoPlatformFake {
  readonly handlers: HttpHandler[]
  readonly requests: RecordedPlatformRequest[]
  readonly databases: Map<string, FakeDatabase>
  /** Tokens minted, with the query they were minted with. */
  readonly tokens: Array<{ database: string; jwt: string; expiration: string; authorization: string }>
}

export interface TursoPlatformFakeOptions {
  readonly organization: string
  readonly apiToken: string
  /** @default ['default'] */
  readonly groups?: readonly string[]
  readonly emulator?: TursoEmulator
  /** @default 'https://api.turso.tech' */
  readonly baseUrl?: string
  /** The domain of database hostnames; the emulator's MSW handlers serve `turso.test`. @default 'turso.test' */
  readonly domain?: string
}

const NAME = /^[a-z0-9-]{1,64}$/
const EXPIRATION = /^(never|(\d+[wdhms])+)$/

export const createTursoPlatformFake = (options: TursoPlatformFakeOptions): TursoPlatformFake => {
  const base = options.baseUrl ?? 'https://api.turso.tech'
  const domain = options.domain ?? 'turso.test'
  const groups = new Set(options.groups ?? ['default'])
  const requests: RecordedPlatformRequest[] = []
  const databases = new Map<string, FakeDatabase>()
  const tokens: TursoPlatformFake['tokens'] = []
  let minted = 0

  /** Records the request and checks the bearer token and the organization, as the real API does first. */
  const admit = async (request: Request, org: string): Promise<Response | undefined> => {
    const text = await request.text()
    let body: unknown = undefined
    try {
      body = text === '' ? undefined : JSON.parse(text)
    } catch {
      body = text
    }
    const authorization = request.headers.get('authorization')
    requests.push({ method: request.method, url: new URL(request.url), authorization, contentType: request.headers.get('content-type'), body })
    if (authorization !== `Bearer ${options.apiToken}`) return HttpResponse.json({ error: 'token is invalid or has expired' }, { status: 401 })
    if (org !== options.organization) return HttpResponse.json({ error: `you are not a member of organization ${org}` }, { status: 403 })
    return undefined
  }
  const lastBody = (): unknown => requests.at(-1)?.body
  const notFound = (name: string): Response =>
    HttpResponse.json({ error: `could not find database with name ${name}: record not found` }, { status: 404 })

  const handlers: HttpHandler[] = [
    http.post(`${base}/v1/organizations/:org/databases`, async ({ request, params }) => {
      const org = String(params['org'])
      const denied = await admit(request, org)
      if (denied) return denied
      const body = lastBody() as { name?: unknown; group?: unknown; seed?: { type?: unknown; name?: unknown } } | undefined
      if (typeof body?.name !== 'string' || !NAME.test(body.name)) return HttpResponse.json({ error: 'invalid database name' }, { status: 400 })
      if (typeof body.group !== 'string' || !groups.has(body.group)) return HttpResponse.json({ error: 'group not found' }, { status: 400 })
      if (body.seed !== undefined && body.seed.type === 'database' && !databases.has(String(body.seed.name))) {
        return HttpResponse.json({ error: `seed database ${String(body.seed.name)} not found` }, { status: 400 })
      }
      const name = body.name
      if (databases.has(name)) return HttpResponse.json({ error: `database with name ${name} already exists` }, { status: 409 })
      options.emulator?.createDatabase(name)
      const database: FakeDatabase = {
        DbId: crypto.randomUUID(),
        Hostname: `${name}-${org}.${domain}`,
        Name: name,
        group: body.group,
        ...(body.seed === undefined ? {} : { seed: body.seed }),
      }
      databases.set(name, database)
      const { DbId, Hostname, Name } = database
      return HttpResponse.json({ database: { DbId, Hostname, Name, IssuedCertCount: 0, IssuedCertLimit: 0 } })
    }),

    http.get(`${base}/v1/organizations/:org/databases/:name`, async ({ request, params }) => {
      const denied = await admit(request, String(params['org']))
      if (denied) return denied
      const database = databases.get(String(params['name']))
      if (database === undefined) return notFound(String(params['name']))
      const { DbId, Hostname, Name, group } = database
      return HttpResponse.json({ database: { Name, DbId, Hostname, group, type: 'logical', regions: ['lhr'], primaryRegion: 'lhr' } })
    }),

    http.post(`${base}/v1/organizations/:org/databases/:name/auth/tokens`, async ({ request, params }) => {
      const denied = await admit(request, String(params['org']))
      if (denied) return denied
      const name = String(params['name'])
      const query = new URL(request.url).searchParams
      const expiration = query.get('expiration') ?? 'never'
      const authorization = query.get('authorization') ?? 'full-access'
      if (!EXPIRATION.test(expiration)) return HttpResponse.json({ error: 'Invalid expiration format' }, { status: 400 })
      if (authorization !== 'full-access' && authorization !== 'read-only') {
        return HttpResponse.json({ error: 'invalid authorization' }, { status: 400 })
      }
      if (!databases.has(name)) return notFound(name)
      const jwt = options.emulator?.createToken(name) ?? `jwt.${name}.${++minted}`
      tokens.push({ database: name, jwt, expiration, authorization })
      return HttpResponse.json({ jwt })
    }),
  ]

  return { handlers, requests, databases, tokens }
}
