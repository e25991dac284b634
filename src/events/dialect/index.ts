/**
 * The dialects by name. `getDialect('spec')` is what trove-notify has always
 * sent; `getDialect('trove-18')` what Trove 18.0.0 sends for the same facts.
 */
import type {DialectName} from '../types.js'
import {specDialect} from './spec.js'
import {trove18Dialect} from './trove18.js'
import type {Dialect} from './types.js'

export type {Dialect, ExistsSchedule, WireNotification} from './types.js'

const DIALECTS: Readonly<Record<DialectName, Dialect>> = {spec: specDialect, 'trove-18': trove18Dialect}

export function getDialect(name: DialectName): Dialect {
  return DIALECTS[name]
}
