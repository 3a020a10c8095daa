import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import '@howlerops/sync/components/styles.css'
import './demo.css'
import { App } from './App'
import { createDemoDevice, type DemoConfig } from './device'
import { readParams } from './params'
import { seedWhenEmpty } from './sample'

const params = readParams(location.search)
const root = createRoot(document.getElementById('root')!)

const start = async (): Promise<void> => {
  const response = await fetch(`/config${params.user === undefined ? '' : `?user=${encodeURIComponent(params.user)}`}`)
  if (!response.ok) throw new Error(`/config answered ${response.status}: ${await response.text()}`)
  const config = (await response.json()) as DemoConfig
  // The server hands out a same-origin path for the emulator; @libsql/client wants an absolute URL.
  const absolute = { ...config, url: new URL(config.url, location.origin).href }
  const devices = params.devices.map((key) => createDemoDevice(key, absolute, params))
  const laptop = devices.find((d) => d.key === 'laptop')
  if (laptop !== undefined && params.seed) seedWhenEmpty(laptop.engine, laptop.store)
  // For the e2e tests and the curious: the devices of this page.
  ;(window as unknown as { demo: unknown }).demo = { devices, config: absolute }
  root.render(
    <StrictMode>
      <App devices={devices} config={absolute} />
    </StrictMode>,
  )
}

start().catch((error: unknown) => {
  root.render(<pre className="fatal">Could not start the demo: {error instanceof Error ? error.message : String(error)}</pre>)
})
