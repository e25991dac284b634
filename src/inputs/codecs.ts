/**
 * The kinds of values an operation takes, each as a codec: how a
 * command-line token and a scenario value become the value the operation
 * gets, and the input rule Trove applies to it. Structured values keep
 * troveclient's syntax: `NAME:PASSWORD` users, `k=v,…` NICs and cluster
 * members (`nic='net-id=…'` quoted inside a member, as troveclient wants),
 * configuration values as a JSON object.
 */
import {parseNumber} from '../util/numbers.js'
import {
  cidr, databaseNameProblem, hostString, ipv4, quoted, shellSafe, troveName, troveString, userNameProblem, uuid,
} from './rules.js'
import {type Codec, Problem} from './schema.js'

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v))

// ---- scalars --------------------------------------------------------------

/** Text with an optional rule (a function returning a problem). */
export function text(rule?: (v: string) => string | undefined, shape = 'TEXT'): Codec<string> {
  return {shape, param: 'string', fromText: (t) => t, fromData: str, check: rule}
}

/** apischema `non_empty_string`: names, descriptions, datastores, zones, types. */
export const troveText = (shape?: string): Codec<string> => text((v) => troveString(v), shape)

/** A reference to a resource by id or name (troveclient resolves names; any text will do, Trove answers NotFound). */
export const ref = (shape = 'ID_OR_NAME'): Codec<string> => text(undefined, shape)

/** A whole number within bounds (Trove's schema bounds, where it has them). */
export function integer(bounds: {min?: number, max?: number, why?: string} = {}): Codec<number> {
  const {min, max, why} = bounds
  return {
    shape: 'N',
    param: 'integer',
    fromText(t) {
      // Read as every whole-number flag is (util/numbers.ts); the bounds are checked below, with Trove's reason.
      try {
        return parseNumber(t, {whole: true})
      } catch {
        throw new Problem(`must be a whole number, got ${quoted(t)}`)
      }
    },
    fromData: (v) => Number(v ?? 0),
    check(v) {
      if (!Number.isSafeInteger(v)) return `must be a whole number, got ${v}`
      if (min !== undefined && v < min) return `must be ${max === undefined ? `at least ${min}` : `${min} to ${max}`}, got ${v}${why ? ` (${why})` : ''}`
      if (max !== undefined && v > max) return `must be ${min === undefined ? `at most ${max}` : `${min} to ${max}`}, got ${v}${why ? ` (${why})` : ''}`
      return undefined
    },
  }
}

/** A number (fractions allowed). */
export function decimal(bounds: {above?: number} = {}): Codec<number> {
  return {
    shape: 'N',
    param: 'number',
    fromText(t) {
      const n = Number(t)
      if (t.trim() === '' || !Number.isFinite(n)) throw new Problem(`must be a number, got ${quoted(t)}`)
      return n
    },
    fromData: (v) => Number(v ?? 0),
    check: (v) => (!Number.isFinite(v) ? `must be a number, got ${v}` : bounds.above !== undefined && v <= bounds.above ? `must be more than ${bounds.above}, got ${v}` : undefined),
  }
}

export const flag: Codec<boolean> = {
  shape: '',
  param: 'boolean',
  fromText: (t) => t !== 'false',
  fromData: (v) => Boolean(v),
}

/** One of a few words (troveclient's argparse `choices`). */
export function choice<const O extends string>(options: readonly O[]): Codec<O> {
  return {
    shape: options.join('|'),
    param: 'string',
    fromText(t) {
      if (!(options as readonly string[]).includes(t)) throw new Problem(`must be one of ${options.join(', ')}, got ${quoted(t)}`)
      return t as O
    },
    fromData: (v) => str(v) as O,
    check: (v) => ((options as readonly string[]).includes(v) ? undefined : `must be one of ${options.join(', ')}, got ${quoted(v)}`),
  }
}

/** A password: Trove's `non_empty_string` without echoing it; '' (left out) and '-' (stdin) are filled in by the command line. */
export const password: Codec<string> = {
  shape: 'PASSWORD',
  param: 'string',
  fromText: (t) => t,
  fromData: str,
  check(v) {
    if (v === '') return 'a password is required'
    const p = troveString(v, {secret: true})
    return p ? `the password ${p}` : undefined
  },
  show: () => '********',
  secret: {get: (v) => v, set: (_v, s) => s, owner: () => ''},
}

/** A MySQL database name as the guest model takes it (instance create applies it before its `.start`). */
export const mysqlDatabaseName = text((v) => troveString(v) ?? databaseNameProblem(v), 'DATABASE')

/** apischema `name_string` for users; the MySQL guest's own rules are the operation's (.error). */
export const userName = text(troveName, 'NAME')

/** apischema `host_string` (a user's host in a request body). */
export const host = text(hostString, 'HOST')

/** Trove's `validate_command` on a Swift container name, after `non_empty_string`. */
export const container = text((v) => troveString(v) ?? shellSafe(v), 'CONTAINER')

/** `--allowed-cidr`. */
export const allowedCidr = text(cidr, 'CIDR')

// ---- users: NAME:PASSWORD --------------------------------------------------

export interface UserSpec {
  readonly name: string
  /** Never published; hashed in the world. */
  readonly password: string
  readonly host?: string
}

/**
 * `name:password[@host]` → a user. A NAME without `:PASSWORD` (or with
 * `:-`) leaves the password to be filled in (stdin, the environment, a
 * prompt). With `mysqlRules`, the MySQL guest's name rules apply before the
 * request (instance create, as Trove's controller does).
 */
export function userSpec(opts: {mysqlRules?: boolean} = {}): Codec<UserSpec> {
  return {
    shape: 'NAME:PASSWORD',
    param: 'object',
    fromText(t) {
      const colon = t.indexOf(':')
      if (colon === 0) throw new Problem(`${quoted(t.split(':')[0] ?? '')} has no user name: write NAME:PASSWORD`)
      if (colon < 0) return {name: t, password: ''}
      const name = t.slice(0, colon)
      let pw = t.slice(colon + 1)
      let h: string | undefined
      const at = pw.lastIndexOf('@')
      // `name:password@host` only when the host part looks like a MySQL host pattern with a wildcard.
      if (at > 0 && at < pw.length - 1 && /^[%\w.:-]+$/.test(pw.slice(at + 1)) && pw.slice(at + 1).includes('%')) {
        h = pw.slice(at + 1)
        pw = pw.slice(0, at)
      }
      return {name, password: pw, ...(h ? {host: h} : {})}
    },
    fromData(v) {
      const u = (typeof v === 'object' && v !== null ? v : {name: v}) as Record<string, unknown>
      return {name: str(u.name), password: str(u.password), host: u.host === undefined ? undefined : str(u.host)}
    },
    check(u) {
      const n = troveName(u.name)
      if (n) return `user name ${quoted(u.name)} ${n}`
      if (opts.mysqlRules) {
        const m = userNameProblem(u.name)
        if (m) return u.name.length > 40 ? m.replace(`'${u.name}'`, quoted(u.name)) : m
      }
      const p = password.check!(u.password)
      if (p) return `${p} for user ${quoted(u.name)}`
      if (u.host !== undefined) {
        const h = hostString(u.host)
        if (h) return h
      }
      return undefined
    },
    show: (u) => ({...u, password: '********'}),
    secret: {get: (u) => u.password, set: (u, s) => ({...u, password: s}), owner: (u) => u.name},
  }
}

// ---- key=value lists --------------------------------------------------------

/**
 * `k=v,k2=v2` with troveclient's quoting: a value may be quoted ('…' or "…")
 * to hold commas (`nic='net-id=a,v4-fixed-ip=b'`). Keys may repeat; the
 * caller decides which may.
 */
export function keyValues(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = []
  let i = 0
  const s = text.trim()
  while (i < s.length) {
    const eq = s.indexOf('=', i)
    const comma = s.indexOf(',', i)
    if (eq < 0 || (comma >= 0 && comma < eq)) {
      const part = s.slice(i, comma < 0 ? undefined : comma).trim()
      if (part) throw new Problem(`${quoted(part)} is not key=value`)
      i = comma + 1
      continue
    }
    const key = s.slice(i, eq).trim()
    let j = eq + 1
    let value: string
    const q = s[j]
    if (q === "'" || q === '"') {
      const close = s.indexOf(q, j + 1)
      if (close < 0) throw new Problem(`the quoted value of ${key} is not closed`)
      value = s.slice(j + 1, close)
      j = close + 1
      if (j < s.length && s[j] !== ',') throw new Problem(`expected "," after the quoted value of ${key}`)
    } else {
      const end = s.indexOf(',', j)
      value = s.slice(j, end < 0 ? undefined : end).trim()
      j = end < 0 ? s.length : end
    }
    if (!key) throw new Problem(`${quoted(s)} has a value without a key`)
    out.push([key, value])
    i = j + 1
  }
  return out
}

/** The pairs of `text` as a record, keys checked against `allowed` (each at most once unless in `repeatable`). */
function pairs(text: string, allowed: readonly string[], repeatable: readonly string[] = []): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const [k, v] of keyValues(text)) {
    if (!allowed.includes(k)) throw new Problem(`unknown key ${quoted(k)} (use ${allowed.join(', ')})`)
    if (out.has(k) && !repeatable.includes(k)) throw new Problem(`${k} is given twice`)
    out.set(k, [...(out.get(k) ?? []), v])
  }
  return out
}

// ---- NICs ---------------------------------------------------------------

/**
 * A NIC, with troveclient's keys: `net-id`, `subnet-id`, `ip-address`
 * (openstack database) and `v4-fixed-ip`, `port-id` (the legacy trove CLI).
 */
export interface Nic {
  readonly netId?: string
  readonly subnetId?: string
  readonly ipAddress?: string
  readonly portId?: string
  readonly v4FixedIp?: string
}

const NIC_KEYS = {'net-id': 'netId', 'subnet-id': 'subnetId', 'ip-address': 'ipAddress', 'port-id': 'portId', 'v4-fixed-ip': 'v4FixedIp'} as const

export const nic: Codec<Nic> = {
  shape: 'net-id=ID[,subnet-id=ID][,ip-address=IP]',
  param: 'object',
  fromText(t) {
    const kv = pairs(t, Object.keys(NIC_KEYS))
    return Object.fromEntries([...kv].map(([k, [v]]) => [NIC_KEYS[k as keyof typeof NIC_KEYS], v])) as Nic
  },
  fromData(v) {
    if (typeof v === 'string') return nic.fromText(v)
    const m = (v ?? {}) as Record<string, unknown>
    return Object.fromEntries(Object.entries(NIC_KEYS).filter(([k]) => m[k] !== undefined).map(([k, f]) => [f, str(m[k])])) as Nic
  },
  check(n) {
    // troveclient: net-id or port-id (not both); Trove: a network or a subnet, and an address needs its subnet.
    if (n.netId && n.portId) return 'give net-id or port-id, not both'
    if (!n.netId && !n.portId && !n.subnetId) return 'needs net-id, subnet-id or port-id'
    if (n.ipAddress && !n.subnetId) return 'ip-address needs subnet-id (the subnet the address is in)'
    for (const id of [n.netId, n.subnetId, n.portId]) if (id !== undefined) { const p = uuid(id); if (p) return p }
    for (const ip of [n.ipAddress, n.v4FixedIp]) if (ip !== undefined) { const p = ipv4(ip); if (p) return p }
    return undefined
  },
}

// ---- cluster members: --instance flavor=F,volume=GB,… -------------------

/** One cluster member as troveclient's `--instance` gives it. */
export interface MemberSpec {
  readonly flavor: string
  readonly volume: number
  readonly volumeType?: string
  readonly availabilityZone?: string
  readonly nics?: readonly Nic[]
  readonly modules?: readonly string[]
  /** Instance types (MongoDB: `query_router`, `config_server`…). */
  readonly type?: readonly string[]
  /** cluster grow: the member it relates to, and its name. */
  readonly relatedTo?: string
  readonly name?: string
  readonly region?: string
}

const MEMBER_KEYS = ['flavor', 'volume', 'volume_type', 'nic', 'availability_zone', 'module', 'type', 'region'] as const
const GROW_KEYS = [...MEMBER_KEYS, 'related_to', 'name'] as const

/** `flavor=F,volume=GB[,volume_type=T][,nic='…'][,availability_zone=AZ][,module=M][,type=T][,region=R]` (grow: also related_to, name). */
export function member(opts: {grow?: boolean} = {}): Codec<MemberSpec> {
  const keys: readonly string[] = opts.grow ? GROW_KEYS : MEMBER_KEYS
  const build = (get: (k: string) => string[] | undefined): MemberSpec => {
    const one = (k: string) => get(k)?.[0]
    const volume = one('volume')
    return {
      flavor: one('flavor') ?? '',
      volume: volume === undefined || !/^-?\d+$/.test(volume) ? Number.NaN : Number(volume),
      ...(one('volume_type') !== undefined ? {volumeType: one('volume_type')} : {}),
      ...(one('availability_zone') !== undefined ? {availabilityZone: one('availability_zone')} : {}),
      ...(get('nic') ? {nics: get('nic')!.map((n) => nic.fromText(n))} : {}),
      ...(get('module') ? {modules: get('module')} : {}),
      ...(get('type') ? {type: get('type')} : {}),
      ...(one('related_to') !== undefined ? {relatedTo: one('related_to')} : {}),
      ...(one('name') !== undefined ? {name: one('name')} : {}),
      ...(one('region') !== undefined ? {region: one('region')} : {}),
    }
  }
  return {
    shape: `flavor=F,volume=GB[,availability_zone=AZ][,volume_type=T][,nic='net-id=ID'][,module=M][,type=T]${opts.grow ? '[,related_to=M][,name=N]' : ''}`,
    param: 'object',
    fromText(t) {
      const kv = pairs(t, keys, ['nic', 'module', 'type'])
      if (!kv.get('flavor')?.[0]) throw new Problem(`${quoted(t)} has no flavor`)
      if (kv.get('volume') === undefined) throw new Problem(`${quoted(t)} needs volume=GB as a whole number`)
      return build((k) => kv.get(k))
    },
    fromData(v) {
      const m = (v ?? {}) as Record<string, unknown>
      const get = (k: string): string[] | undefined => {
        const x = m[k] ?? (k === 'nic' ? m.nics : k === 'module' ? m.modules : undefined)
        if (x === undefined || x === null) return undefined
        return Array.isArray(x) ? x.map((e) => (typeof e === 'object' ? Object.entries(e as object).map(([a, b]) => `${a}=${str(b)}`).join(',') : str(e))) : [str(x)]
      }
      return {...build(get), volume: Number(m.volume ?? 0)}
    },
    check(s) {
      if (!s.flavor) return 'a member needs a flavor'
      if (!Number.isInteger(s.volume)) return 'a member needs volume=GB as a whole number'
      if (s.volume < 1) return `volume must be at least 1 GB, got ${s.volume} (Trove's API schema)`
      for (const [k, v] of [['availability_zone', s.availabilityZone], ['volume_type', s.volumeType], ['related_to', s.relatedTo], ['name', s.name], ['region', s.region]] as const) {
        if (v !== undefined) { const p = troveString(v); if (p) return `${k} ${p}` }
      }
      if ((s.nics?.length ?? 0) > 1) return "Trove 18 takes one nic per member (its API schema's maxItems 1)"
      for (const n of s.nics ?? []) { const p = nic.check!(n); if (p) return `nic: ${p}` }
      return undefined
    },
  }
}

// ---- objects --------------------------------------------------------------

/** A configuration's values: a JSON object of parameter names and values. */
export const valuesJson: Codec<Readonly<Record<string, unknown>>> = {
  shape: 'VALUES_JSON',
  param: 'object',
  fromText(t) {
    let value: unknown
    try {
      value = JSON.parse(t)
    } catch (err) {
      throw new Problem(`is not valid JSON (${(err as Error).message}); quote it for the shell`)
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Problem('must be a JSON object of parameter names and values')
    return value as Record<string, unknown>
  },
  fromData: (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Record<string, unknown> : {}),
}

/**
 * A cluster's `--extended-properties k=v,…` (MongoDB's num_configsvr,
 * num_mongos, configsvr_volume_size, …), with the bounds Trove's schema
 * puts on the keys it knows.
 */
export const extendedProperties: Codec<Readonly<Record<string, string>>> = {
  shape: 'KEY=VALUE[,KEY=VALUE...]',
  param: 'object',
  fromText: (t) => Object.fromEntries(keyValues(t)),
  fromData: (v) => Object.fromEntries(Object.entries((v ?? {}) as Record<string, unknown>).map(([k, x]) => [k, str(x)])),
  check(props) {
    for (const [k, v] of Object.entries(props)) {
      if (['num_configsvr', 'num_mongos', 'configsvr_volume_size', 'mongos_volume_size'].includes(k) && !/^0*[1-9][0-9]*$/.test(v)) {
        return `${k} must be a whole number of at least 1, got ${quoted(v)}`
      }
      if (['configsvr_volume_type', 'mongos_volume_type'].includes(k)) { const p = troveString(v); if (p) return `${k} ${p}` }
    }
    return undefined
  },
}
