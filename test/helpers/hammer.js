// Used by the state-concurrency test: open the state file and add 1 to a
// tenant's instance usage N times, each in its own transaction.
import {adjustInUse} from '../../dist/operations/quota.js'
import {Store} from '../../dist/state/store.js'

const [path, n] = process.argv.slice(2)
const store = Store.open(path)
for (let i = 0; i < Number(n); i++) {
  store.tx(() => adjustInUse(store, 'hammer', {instances: 1}, new Date().toISOString()))
}
store.close()
