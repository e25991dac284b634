// Does a user's password hash in a state file check against a password?
// (Tests of passwords given without argv: the one set is the one typed.)
import {checkPassword} from '../../dist/util/secret.js'
import {withWorld} from './state.js'

/** True when user `name` (of instance `instanceId`, or of any instance) has `password`. */
export function passwordIs(state, name, password, instanceId) {
  const row = withWorld(state, (w) => w.dump().users.find((u) => u.name === name && (instanceId === undefined || u.instance_id === instanceId)))
  return row !== undefined && checkPassword(password, row.password_hash)
}
