import { seedSuite } from './sim/seedSuite'

// Seeds 150–199. Four files so that vitest spreads the seeds over the available cores.
seedSuite('d', 150, 50)
