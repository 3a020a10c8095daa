import { createRandom, type Random } from './random'
import { TOKEN_FORMATS } from './tokens'
import type { SecretItem } from './types'

/** The part of a format that is the secret, when the rest (a scheme, a host, an id) is not. */
const SECRET_PART: Record<string, (t: string) => string> = {
  'slack-webhook': (t) => t.slice(t.indexOf('/services/') + '/services/'.length),
  'discord-webhook': (t) => t.slice(t.lastIndexOf('/') + 1),
  'okta-ssws': (t) => t.slice('SSWS '.length),
}
/** Formats that do not identify themselves: they are credentials only beside a credential word. */
const NEEDS_CONTEXT = new Set(['azure-storage-key'])

type Context = (t: string, name: string, r: Random) => { category: SecretItem['category']; text: string }

const BARE: readonly Context[] = [
  (t) => ({ category: 'chat', text: `Can you check why ${t} stops working after an hour?` }),
  (t, name) => ({ category: 'sql', text: `INSERT INTO integrations (provider, value) VALUES ('${name}', '${t}');` }),
  (t) => ({ category: 'shell', text: `./deploy.sh ${t} production --region eu-west-1` }),
  (t, name) => ({ category: 'config', text: `{"provider": "${name}", "value": "${t}", "enabled": true}` }),
  (t) => ({ category: 'chat', text: `Das hier funktioniert nicht mehr: ${t} (seit gestern)` }),
  (t) => ({ category: 'chat', text: `copied from the dashboard:\n${t}\nis that the right one?` }),
]
const WITH_WORD: readonly Context[] = [
  (t, name) => ({ category: 'config', text: `${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_TOKEN=${t}` }),
  (t) => ({ category: 'config', text: `service:\n  api_key: ${t}\n  timeout: 30` }),
  (t) => ({ category: 'shell', text: `curl -H "X-Api-Key: ${t}" https://api.example.com/v1/items` }),
  (t) => ({ category: 'chat', text: `my api key is ${t}, why do I get 401?` }),
  (t) => ({ category: 'chat', text: `mi clave secreta es ${t} pero no funciona` }),
  (t) => ({ category: 'sql', text: `UPDATE settings SET secret = '${t}' WHERE id = 1;` }),
  (t) => ({ category: 'config', text: `client = Client(api_key="${t}", timeout=10)` }),
  (t) => ({ category: 'chat', text: `Voici le token : ${t}` }),
]

/** Every token format, each in five contexts (some bare, some beside a credential word). */
export const tokenItems = (seed = 16): SecretItem[] => {
  const r = createRandom(seed)
  const items: SecretItem[] = []
  for (const [name, generate] of TOKEN_FORMATS) {
    for (let i = 0; i < 5; i += 1) {
      const t = generate(r)
      const pool = name in SECRET_PART ? BARE : NEEDS_CONTEXT.has(name) || i >= 2 ? WITH_WORD : BARE
      const { category, text } = r.pick(pool)(t, name, r)
      items.push({ format: name, category: category === 'sql' || category === 'shell' || category === 'config' || category === 'chat' ? category : 'token', text, needles: [(SECRET_PART[name] ?? ((x: string) => x))(t)] })
    }
  }
  return items
}
