import { seedSuite } from './sim/seedSuite'

// Seeds 0–49. Four files so that vitest spreads the seeds over the available cores.
seedSuite('a', 0, 50)
