// Used by the state-concurrency test: open the state file and add 1 to a
// tenant's instance usage N times, each in its own transaction.
import {SqliteWorld} from '../../dist/state/sqlite-world.js'

const [path, n] = process.argv.slice(2)
const world = SqliteWorld.open(path)
for (let i = 0; i < Number(n); i++) {
  world.tx(() => world.quotas.adjustInUse('hammer', {instances: 1}, new Date().toISOString()))
}
world.close()
