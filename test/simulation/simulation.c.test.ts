import { seedSuite } from './sim/seedSuite'

// Seeds 100–149. Four files so that vitest spreads the seeds over the available cores.
seedSuite('c', 100, 50)
