import { useState, type FormEvent, type ReactElement } from 'react'

/** A stand-in for your sign-in: the user id picks the database, the device name labels this browser profile. */
export const SignIn = ({ onSignIn, error }: { onSignIn: (userId: string, deviceName: string) => void; error: string | null }): ReactElement => {
  const [userId, setUserId] = useState(() => localStorage.getItem('userId') ?? 'demo-user')
  const [deviceName, setDeviceName] = useState(() => localStorage.getItem('deviceName') ?? `Browser ${Math.floor(Math.random() * 900 + 100)}`)
  const submit = (event: FormEvent): void => {
    event.preventDefault()
    localStorage.setItem('userId', userId)
    localStorage.setItem('deviceName', deviceName)
    onSignIn(userId, deviceName)
  }
  return (
    <form className="sign-in" onSubmit={submit}>
      <h1>Sign in</h1>
      <label>
        User id <input value={userId} onChange={(e) => setUserId(e.target.value)} required />
      </label>
      <label>
        This device <input value={deviceName} onChange={(e) => setDeviceName(e.target.value)} required />
      </label>
      <button type="submit">Start syncing</button>
      {error !== null && <p role="alert">{error}</p>}
    </form>
  )
}
