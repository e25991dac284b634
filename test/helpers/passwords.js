// Does a user's password hash in a state file check against a password?
// (Tests of passwords given without argv: the one set is the one typed.)
import {Store} from '../../dist/state/store.js'
import {checkPassword} from '../../dist/util/secret.js'

/** True when user `name` (of instance `instanceId`, or of any instance) has `password`. */
export function passwordIs(state, name, password, instanceId) {
  const store = Store.open(state)
  try {
    const rows = store.db.prepare('SELECT instance_id, password_hash FROM users WHERE name = ?').all(name)
    const row = rows.find((r) => instanceId === undefined || r.instance_id === instanceId)
    return row !== undefined && checkPassword(password, row.password_hash)
  } finally {
    store.close()
  }
}
