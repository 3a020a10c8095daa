// `npm run dev`: the emulator CLI (port 8080, data in .turso/) and Vite (port 5173), stopped together.
import { spawn } from 'node:child_process'

const children = [
  spawn('npx', ['howlerops-sync-emulator', '--port', '8080', '--data', '.turso'], { stdio: 'inherit' }),
  spawn('npx', ['vite'], { stdio: 'inherit' }),
]
const stop = (code) => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
  process.exitCode = code
}
for (const child of children) child.on('exit', (code) => stop(code ?? 0))
process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))
