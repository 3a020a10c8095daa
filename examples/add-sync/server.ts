// Step 3 (server): provisioning. One Turso database per user; the org token never leaves the server.
// Mount this handler at /api/sync-token in your framework (Next.js route, Remix loader, Express adapter…).
import { createTokenRoute } from '@howlerops/sync/server'

declare function getSession(request: Request): Promise<{ user: { userId: string } } | null> // your auth

export const GET = createTokenRoute({
  organization: process.env['TURSO_ORG'] ?? 'my-org',
  group: 'users',
  allowedOrigins: ['https://app.example'], // the pages that may fetch a token; cross-site requests get 403
  apiToken: process.env['TURSO_PLATFORM_TOKEN'] ?? '', // server-side only
  tokenExpiration: '1h', // the browser gets a short-lived token scoped to the user's database
  authenticate: async (request) => (await getSession(request))?.user ?? null,
})
