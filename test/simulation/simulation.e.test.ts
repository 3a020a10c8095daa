import { seedSuite } from './sim/seedSuite'

// The issue-14 transition classes, each on its own over the wave-1 mix (seeds 0–9 each): a failure here names its
// class. Files a–d run them all at once.
for (const only of ['lazyReloads', 'followerTabs', 'bigSkew', 'privacyFlips', 'poison', 'lostThenDelete', 'sessionCounts', 'serverRestore']) {
  seedSuite(`e:${only}`, 0, 10, 10, only)
}

// Issue 26's other environment classes (sim/environment.ts), together over the wave-1 mix, where they are far more
// frequent than in files a–d (there they count as one class among ten). Five seeds keep this file near its runtime.
seedSuite('e:environment', 0, 5, 5, 'userSwitch,signOutTab,dbGone,quota,tokenHang,reactivation,clockAhead')
