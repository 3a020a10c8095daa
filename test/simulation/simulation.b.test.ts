import { seedSuite } from './sim/seedSuite'

// Seeds 50–99. Four files so that vitest spreads the seeds over the available cores.
seedSuite('b', 50, 50)
