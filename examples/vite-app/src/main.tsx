import { StrictMode, useState, type ReactElement } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { SignIn } from './SignIn'
import { signOut, startSync, type Session } from './sync'
import './styles.css'

const Root = (): ReactElement => {
  const [session, setSession] = useState<Session | null>(null)
  const [error, setError] = useState<string | null>(null)
  if (session !== null) {
    const leave = (): void => {
      signOut(session).then(
        (unsynced) => {
          setError(unsynced === 0 ? null : `${unsynced} change(s) were not synced; they wait on this device for your next sign-in.`)
          setSession(null)
        },
        (e: unknown) => setError(`Sign-out failed: ${e instanceof Error ? e.message : String(e)}`),
      )
    }
    return <App session={session} onSignOut={leave} />
  }
  const signIn = (userId: string, deviceName: string): void => {
    startSync(userId, deviceName).then(
      (next) => {
        setError(null)
        setSession(next)
      },
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
