import { seedSuite } from './sim/seedSuite'

// The issue-14 transition classes, each on its own over the wave-1 mix (seeds 0–9 each): a failure here names its
// class. Files a–d run them all at once.
for (const only of ['lazyReloads', 'followerTabs', 'bigSkew', 'privacyFlips', 'poison', 'lostThenDelete', 'sessionCounts', 'serverRestore']) {
  seedSuite(`e:${only}`, 0, 10, 10, only)
}
