export { groupBy } from '../core/protocol/groupBy'
