/**
 * Debian's Chromium for Vitest browser mode (nothing is downloaded). The flags keep it off this machine's closed
 * network: without them it keeps trying Google's hosts at every start.
 */
export const chromiumLaunchOptions = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
}
