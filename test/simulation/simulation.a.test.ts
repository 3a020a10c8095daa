import { seedSuite } from './sim/seedSuite'

seedSuite('a', 0, 10)
