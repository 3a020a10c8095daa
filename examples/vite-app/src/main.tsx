import { StrictMode, useState, type ReactElement } from 'react'
import { createRoot } from 'react-dom/client'
import type { SyncEngine } from '@howlerops/sync'
import { App } from './App'
import { SignIn } from './SignIn'
import { startSync } from './sync'
import './styles.css'

const Root = (): ReactElement => {
  const [session, setSession] = useState<{ engine: SyncEngine; userId: string } | null>(null)
  const [error, setError] = useState<string | null>(null)
  if (session !== null) return <App engine={session.engine} userId={session.userId} />
  const signIn = (userId: string, deviceName: string): void => {
    startSync(userId, deviceName).then(
      (engine) => setSession({ engine, userId }),
      (e: unknown) => setError(`Could not reach the emulator: ${e instanceof Error ? e.message : String(e)}. Is \`npm run dev\` running?`),
    )
  }
  return <SignIn onSignIn={signIn} error={error} />
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
)
