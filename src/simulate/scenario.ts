/**
 * Scenario files (`simulate --scenario FILE`, YAML or JSON): named steps,
 * each an operation with arguments (`repeat`, per-step `rate`: a number or
 * a rate profile as `--rate` takes), or a `wait` (a duration — seconds or
 * `30s`, `5m` — or a `[least, most]` range each tenant draws from);
 * `as: NAME` names what a step created so later steps refer to it (`$NAME`,
 * `$NAME.name`, `$NAME[2]`, `$NAME[{i}]`); `{i}` in a string is the repeat
 * number (1…). `periodic` runs world-wide tasks (exists, quotas) on the
 * simulated clock; `defaults` gives option values the command line may
 * override. Everything is checked before anything runs: a problem is one
 * line naming the file, the line and what is wrong (a usage error, exit 2).
 */
import {readFileSync} from 'node:fs'
import {isMap, isScalar, isSeq, LineCounter, type Node, parseDocument} from 'yaml'
import {DURATION_FORMS, parseDuration} from '../util/duration.js'
import {UsageError} from '../util/errors.js'
import {findSimOperation, suggestKinds} from './operations.js'
import {parseRateProfile, RATE_FORMS, type RateProfile, RateProfileError} from './rate-profile.js'
import type {ParamSpec, SimOperation} from './registry.js'

/** A reference to a resource an earlier step created. */
export interface Reference {
  readonly binding: string
  /** Index into the binding's list: a number (1-based), `{i}` (the repeat number), or the latest. */
  readonly index: number | 'i' | 'last'
  readonly field: string
}

/** An argument value, with references kept for run time. */
export type ArgValue =
  | {readonly kind: 'literal', readonly value: unknown}
  | {readonly kind: 'template', readonly text: string}
  | {readonly kind: 'ref', readonly ref: Reference, readonly text: string}
  | {readonly kind: 'list', readonly items: readonly ArgValue[]}
  | {readonly kind: 'map', readonly entries: ReadonlyArray<readonly [string, ArgValue]>}

export interface OperationStep {
  readonly type: 'operation'
  readonly name: string
  readonly line: number
  readonly op: SimOperation
  readonly args: ReadonlyArray<readonly [string, ArgValue]>
  readonly repeat: number
  /** Requests per second for this step (per tenant, from when it reaches the step): steady (0 = no limit) or a profile. */
  readonly rate: RateProfile
  readonly as?: string
}

export interface WaitStep {
  readonly type: 'wait'
  readonly name: string
  readonly line: number
  /** Simulated seconds; with `upTo`, the least of a range each tenant draws from (`wait: [0, 3600]`). */
  readonly seconds: number
  readonly upTo?: number
}

export type Step = OperationStep | WaitStep

/** World-wide tasks a scenario may run periodically. */
export const PERIODIC_TASKS = ['exists', 'quotas'] as const
export type PeriodicTaskName = typeof PERIODIC_TASKS[number]

export interface PeriodicSpec {
  readonly task: PeriodicTaskName
  /** Simulated seconds between runs. */
  readonly every: number
  readonly line: number
}

/** Option values a scenario suggests (the command line wins). */
export interface ScenarioDefaults {
  readonly tenants?: number
  readonly concurrency?: number
  readonly rate?: RateProfile
  readonly delay?: number
  readonly time_scale?: number
  readonly error_rate?: number
}

export interface Scenario {
  readonly file: string
  readonly name: string
  readonly description?: string
  readonly steps: readonly Step[]
  readonly periodic: readonly PeriodicSpec[]
  readonly defaults: ScenarioDefaults
  /** Requests one tenant makes (sum of repeats). */
  readonly requestsPerTenant: number
}

const REF = /^\$([A-Za-z_][\w-]*)(?:\[(\d+|\{i\})\])?(?:\.([A-Za-z_]\w*))?$/
const DEFAULT_KEYS: Readonly<Record<keyof ScenarioDefaults, 'integer' | 'number' | 'rate' | 'duration'>> = {
  tenants: 'integer', concurrency: 'integer', rate: 'rate', delay: 'duration', time_scale: 'number', error_rate: 'number',
}

/** Thrown while checking; carries the line. */
class ScenarioProblem extends Error {
  constructor(readonly line: number, message: string) {
    super(message)
  }
}

/** Read and check a scenario file; any problem is a UsageError "FILE:LINE: problem". */
export function loadScenario(file: string): Scenario {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new UsageError(`cannot read scenario file ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
      'give the path of a YAML or JSON scenario, e.g. --scenario scenarios/tenant-lifecycle.yaml')
  }
  return parseScenario(text, file)
}

/** Check scenario text (YAML or JSON). */
export function parseScenario(text: string, file: string): Scenario {
  const lines = new LineCounter()
  const doc = parseDocument(text, {lineCounter: lines, prettyErrors: false, uniqueKeys: true})
  const fix = 'fix the scenario file (see docs/simulate.md for its format)'
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!
    const line = e.linePos?.[0]?.line ?? 1
    throw new UsageError(`${file}:${line}: not valid YAML/JSON: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, fix)
  }
  try {
    return new Checker(file, (n) => (n?.range ? lines.linePos(n.range[0]).line : 1)).scenario(doc.contents as Node | null)
  } catch (err) {
    if (err instanceof ScenarioProblem) throw new UsageError(`${file}:${err.line}: ${err.message}`, fix)
    throw err
  }
}

/** Walks the parsed document, checking as it converts. */
class Checker {
  /** Bindings (`as`) defined so far, in step order. */
  private readonly bindings = new Set<string>()

  constructor(private readonly file: string, private readonly lineOf: (n: Node | null | undefined) => number) {}

  private fail(node: Node | null | undefined, message: string): never {
    throw new ScenarioProblem(this.lineOf(node), message)
  }

  /** The entries of a mapping node, keys as strings, each with its value node. */
  private entries(node: Node | null | undefined, what: string): Array<[string, Node | null, Node]> {
    if (!isMap(node)) this.fail(node, `${what} must be a mapping (key: value)`)
    return node.items.map((pair) => {
      const key = pair.key as Node
      if (!isScalar(key)) this.fail(key, `${what}: keys must be plain names`)
      return [String(key.value), pair.value as Node | null, key]
    })
  }

  private number(node: Node | null, what: string, opts: {integer?: boolean, min?: number, above?: number} = {}): number {
    const v = isScalar(node) ? node.value : undefined
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(node, `${what} must be a number, got ${describe(node)}`)
    if (opts.integer && !Number.isInteger(v)) this.fail(node, `${what} must be a whole number, got ${v}`)
    if (opts.min !== undefined && v < opts.min) this.fail(node, `${what} must be ≥ ${opts.min}, got ${v}`)
    if (opts.above !== undefined && v <= opts.above) this.fail(node, `${what} must be > ${opts.above}, got ${v}`)
    return v
  }

  /** A duration: seconds (a number) or a string with a unit ("30s", "5m"). */
  private duration(node: Node | null, what: string, opts: {above?: number} = {}): number {
    const v = isScalar(node) ? node.value : undefined
    const s = typeof v === 'number' ? v : typeof v === 'string' ? parseDuration(v) : undefined
    if (s === undefined || !Number.isFinite(s) || s < 0) this.fail(node, `${what} must be a number of seconds or a duration (${DURATION_FORMS}), got ${describe(node)}`)
    if (opts.above !== undefined && s <= opts.above) this.fail(node, `${what} must be > ${opts.above}, got ${v}`)
    return s
  }

  /** A rate: requests/s (a number) or a profile string ("100:60s,1000:10s", "ramp:1..10:1m"). */
  private rate(node: Node | null, what: string): RateProfile {
    const v = isScalar(node) ? node.value : undefined
    if ((typeof v !== 'number' && typeof v !== 'string') || v === '') this.fail(node, `${what} must be ${RATE_FORMS}, got ${describe(node)}`)
    try {
      return parseRateProfile(String(v))
    } catch (err) {
      if (err instanceof RateProfileError) this.fail(node, `${what}: ${err.message}`)
      throw err
    }
  }

  private string(node: Node | null, what: string): string {
    const v = isScalar(node) ? node.value : undefined
    if (typeof v !== 'string' || v === '') this.fail(node, `${what} must be a non-empty string, got ${describe(node)}`)
    return v
  }

  scenario(root: Node | null): Scenario {
    if (root === null) this.fail(root, 'the file is empty: a scenario needs "steps"')
    let name = this.file.replace(/^.*\//, '').replace(/\.(ya?ml|json)$/i, '')
    let description: string | undefined
    let steps: Step[] | undefined
    let periodic: PeriodicSpec[] = []
    let defaults: ScenarioDefaults = {}
    for (const [key, value, keyNode] of this.entries(root, 'the scenario')) {
      switch (key) {
        case 'name': name = this.string(value, 'name'); break
        case 'description': description = this.string(value, 'description'); break
        case 'defaults': defaults = this.defaults(value); break
        case 'periodic': periodic = this.periodic(value); break
        case 'steps': steps = this.steps(value); break
        default: this.fail(keyNode, `unknown key "${key}" (a scenario has name, description, defaults, periodic, steps)`)
      }
    }
    if (!steps) this.fail(root, 'the scenario has no "steps"')
    const requestsPerTenant = steps.reduce((n, s) => n + (s.type === 'operation' ? s.repeat : 0), 0)
    return {file: this.file, name, description, steps, periodic, defaults, requestsPerTenant}
  }

  private defaults(node: Node | null): ScenarioDefaults {
    const out: Record<string, number> = {}
    let rate: RateProfile | undefined
    for (const [key, value, keyNode] of this.entries(node, 'defaults')) {
      const type = DEFAULT_KEYS[key as keyof ScenarioDefaults]
      if (!type) this.fail(keyNode, `unknown default "${key}" (known: ${Object.keys(DEFAULT_KEYS).join(', ')})`)
      if (type === 'rate') rate = this.rate(value, 'defaults.rate')
      else if (type === 'duration') out[key] = this.duration(value, `defaults.${key}`)
      else out[key] = this.number(value, `defaults.${key}`, {integer: type === 'integer', min: 0})
    }
    if (out.tenants === 0) this.fail(node, 'defaults.tenants must be ≥ 1')
    if (out.time_scale === 0) this.fail(node, 'defaults.time_scale must be > 0')
    if (out.error_rate !== undefined && out.error_rate > 1) this.fail(node, 'defaults.error_rate is a probability: 0 to 1')
    return rate ? {...out, rate} : out
  }

  private periodic(node: Node | null): PeriodicSpec[] {
    if (!isSeq(node)) this.fail(node, 'periodic must be a list of {task, every}')
    return node.items.map((item) => {
      let task: PeriodicTaskName | undefined
      let every: number | undefined
      for (const [key, value, keyNode] of this.entries(item as Node, 'a periodic task')) {
        if (key === 'task') {
          const t = this.string(value, 'task')
          if (!(PERIODIC_TASKS as readonly string[]).includes(t)) this.fail(value, `unknown periodic task "${t}" (known: ${PERIODIC_TASKS.join(', ')})`)
          task = t as PeriodicTaskName
        } else if (key === 'every') {
          every = this.duration(value, 'every (simulated seconds)', {above: 0})
        } else {
          this.fail(keyNode, `unknown key "${key}" in a periodic task (it has task, every)`)
        }
      }
      if (!task || every === undefined) this.fail(item as Node, 'a periodic task needs "task" and "every"')
      return {task, every, line: this.lineOf(item as Node)}
    })
  }

  private steps(node: Node | null): Step[] {
    if (!isSeq(node) || node.items.length === 0) this.fail(node, 'steps must be a non-empty list')
    return node.items.map((item, i) => this.step(item as Node, i + 1))
  }

  private step(node: Node, n: number): Step {
    const fields = new Map(this.entries(node, `step ${n}`).map(([k, v, kn]) => [k, {v, kn}]))
    const line = this.lineOf(node)
    const name = fields.has('name') ? this.string(fields.get('name')!.v, 'name') : `step ${n}`
    const known = fields.has('wait') ? ['name', 'wait'] : ['name', 'operation', 'args', 'repeat', 'rate', 'as']
    for (const [k, {kn}] of fields) {
      if (!known.includes(k)) {
        this.fail(kn, fields.has('wait') && k === 'operation'
          ? `step "${name}" has both "wait" and "operation": make them two steps`
          : `unknown key "${k}" in step "${name}" (a step has ${known.join(', ')})`)
      }
    }
    if (fields.has('wait')) return {type: 'wait', name, line, ...this.wait(fields.get('wait')!.v, name)}
    const opField = fields.get('operation')
    if (!opField) this.fail(node, `step "${name}" needs "operation" (or "wait")`)
    const opName = this.string(opField.v, 'operation')
    const op = findSimOperation(opName)
    if (!op) this.fail(opField.v, `unknown operation "${opName}" (did you mean ${suggestKinds(opName).map((k) => `"${k}"`).join(', ')}?)`)
    const repeat = fields.has('repeat') ? this.number(fields.get('repeat')!.v, 'repeat', {integer: true, min: 1}) : 1
    const rate = fields.has('rate') ? this.rate(fields.get('rate')!.v, `rate of step "${name}"`) : parseRateProfile('0')
    const args = fields.has('args') ? this.args(op, fields.get('args')!.v, name) : []
    for (const [param, spec] of Object.entries(op.params)) {
      if (spec.required && !args.some(([k]) => k === param)) this.fail(fields.get('args')?.v ?? node, `step "${name}": ${op.kind} needs argument "${param}"${spec.about ? ` (${spec.about})` : ''}`)
    }
    let as: string | undefined
    if (fields.has('as')) {
      as = this.string(fields.get('as')!.v, 'as')
      if (!/^[A-Za-z_][\w-]*$/.test(as)) this.fail(fields.get('as')!.v, `as: "${as}" is not a name (letters, digits, _ and -)`)
      if (!op.creates) this.fail(fields.get('as')!.v, `step "${name}": ${op.kind} creates nothing to name with "as"`)
    }
    if (as) this.bindings.add(as) // only later steps may refer to it
    return {type: 'operation', name, line, op, args, repeat, rate, as}
  }

  /** `wait: S` (simulated seconds) or `wait: [MIN, MAX]` (each tenant waits a random time in the range). */
  private wait(node: Node | null, step: string): {seconds: number, upTo?: number} {
    const what = `wait of step "${step}"`
    if (!isSeq(node)) return {seconds: this.duration(node, what)}
    if (node.items.length !== 2) this.fail(node, `${what} must be seconds or [least, most], got a list of ${node.items.length}`)
    const least = this.duration(node.items[0] as Node, `${what} (least)`)
    const most = this.duration(node.items[1] as Node, `${what} (most)`)
    if (most < least) this.fail(node.items[1] as Node, `${what} (most) must be ≥ ${least}, got ${most}`)
    return {seconds: least, upTo: most}
  }

  private args(op: SimOperation, node: Node | null, step: string): Array<[string, ArgValue]> {
    return this.entries(node, `args of step "${step}"`).map(([key, value, keyNode]) => {
      const spec = op.params[key]
      if (!spec) this.fail(keyNode, `step "${step}": ${op.kind} has no argument "${key}" (it takes ${Object.keys(op.params).join(', ')})`)
      const what = `argument "${key}" of step "${step}"`
      const arg = this.value(value, spec, what)
      // Trove's input rule (its API schema) on what the file gives literally; {i} is checked as 1, references at run time.
      const literal = literalOf(arg)
      const problem = literal === NOT_LITERAL ? undefined : spec.check?.(literal)
      if (problem) this.fail(value, /^(must|is|needs|has) /.test(problem) ? `${what} ${problem}` : `${what}: ${problem}`)
      return [key, arg]
    })
  }

  /** Check a value against its parameter type, keeping references and templates. */
  private value(node: Node | null, spec: ParamSpec, what: string): ArgValue {
    const scalar = isScalar(node) ? node.value : undefined
    if (typeof scalar === 'string' && scalar.startsWith('$')) {
      if (spec.type !== 'string' && spec.type !== 'strings') this.fail(node, `${what} must be ${typeWord(spec.type)}; a reference (${scalar}) gives a string`)
      return this.reference(node!, scalar, what)
    }
    switch (spec.type) {
      case 'string':
        if (typeof scalar === 'string') return template(scalar)
        if (typeof scalar === 'number') return {kind: 'literal', value: String(scalar)}
        return this.fail(node, `${what} must be a string, got ${describe(node)}`)
      case 'integer':
        if (typeof scalar === 'number' && Number.isInteger(scalar)) return {kind: 'literal', value: scalar}
        return this.fail(node, `${what} must be a whole number, got ${describe(node)}`)
      case 'number':
        if (typeof scalar === 'number' && Number.isFinite(scalar)) return {kind: 'literal', value: scalar}
        return this.fail(node, `${what} must be a number, got ${describe(node)}`)
      case 'boolean':
        if (typeof scalar === 'boolean') return {kind: 'literal', value: scalar}
        return this.fail(node, `${what} must be true or false, got ${describe(node)}`)
      case 'strings':
        if (typeof scalar === 'string') return template(scalar)
        if (isSeq(node)) return {kind: 'list', items: node.items.map((n) => this.value(n as Node, {type: 'string'}, what))}
        return this.fail(node, `${what} must be a list of strings (or "a,b"), got ${describe(node)}`)
      case 'object':
        if (isMap(node)) return this.map(node, what)
        return this.fail(node, `${what} must be a mapping, got ${describe(node)}`)
      case 'objects':
        if (isSeq(node)) {
          return {kind: 'list', items: node.items.map((n) => {
            if (!isMap(n)) this.fail(n as Node, `${what} must be a list of mappings, got an item ${describe(n as Node)}`)
            return this.map(n, what)
          })}
        }
        return this.fail(node, `${what} must be a list of mappings, got ${describe(node)}`)
    }
  }

  private map(node: Node, what: string): ArgValue {
    return {kind: 'map', entries: this.entries(node, what).map(([k, v]) => {
      const scalar = isScalar(v) ? v.value : undefined
      if (typeof scalar === 'string' && scalar.startsWith('$')) return [k, this.reference(v!, scalar, what)] as const
      if (typeof scalar === 'string') return [k, template(scalar)] as const
      if (isScalar(v)) return [k, {kind: 'literal', value: scalar}] as const
      if (isSeq(v)) return [k, {kind: 'literal', value: v.toJSON()}] as const
      return this.fail(v, `${what}.${k} must be a plain value, got ${describe(v)}`)
    })}
  }

  private reference(node: Node, text: string, what: string): ArgValue {
    const m = REF.exec(text)
    if (!m) this.fail(node, `${what}: "${text}" is not a reference ($NAME, $NAME.field, $NAME[2], $NAME[{i}])`)
    const [, binding, index, field] = m
    if (!this.bindings.has(binding!)) {
      this.fail(node, `${what}: "${text}" refers to "${binding}", which no earlier step names with "as"` +
        (this.bindings.size ? ` (named so far: ${[...this.bindings].join(', ')})` : ''))
    }
    if (index !== undefined && index !== '{i}' && Number(index) < 1) this.fail(node, `${what}: "${text}": indexes start at 1`)
    return {kind: 'ref', text, ref: {binding: binding!, index: index === undefined ? 'last' : index === '{i}' ? 'i' : Number(index), field: field ?? 'id'}}
  }
}

const NOT_LITERAL = Symbol('not literal')

/** The value an argument has without references (templates with {i} = 1), or NOT_LITERAL. */
function literalOf(v: ArgValue): unknown {
  switch (v.kind) {
    case 'literal': return v.value
    case 'template': return v.text.replace(/\{i\}/g, '1')
    case 'ref': return NOT_LITERAL
    case 'list': {
      const items = v.items.map(literalOf)
      return items.includes(NOT_LITERAL) ? NOT_LITERAL : items
    }
    case 'map': {
      const entries = v.entries.map(([k, x]) => [k, literalOf(x)] as const)
      return entries.some(([, x]) => x === NOT_LITERAL) ? NOT_LITERAL : Object.fromEntries(entries)
    }
  }
}

function template(text: string): ArgValue {
  return text.includes('{') ? {kind: 'template', text} : {kind: 'literal', value: text}
}

function typeWord(t: ParamSpec['type']): string {
  return {string: 'a string', integer: 'a whole number', number: 'a number', boolean: 'true or false', strings: 'a list of strings', object: 'a mapping', objects: 'a list of mappings'}[t]
}

function describe(node: Node | null | undefined): string {
  if (node === null || node === undefined) return 'nothing'
  if (isMap(node)) return 'a mapping'
  if (isSeq(node)) return 'a list'
  if (isScalar(node)) return node.value === null ? 'nothing' : JSON.stringify(node.value)
  return 'something else'
}

// ---- run time: resolving references -------------------------------------

/** What a tenant's earlier steps created, by binding name, in order (undefined when the request failed). */
export type Bindings = Map<string, Array<Readonly<Record<string, unknown>> | undefined>>

/** Substitute `{i}` and resolve references; an unresolvable reference stays as text (the request then fails with NotFound, as it would on Trove). */
export function resolveArgs(args: OperationStep['args'], bindings: Bindings, i: number): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of args) out[k] = resolveValue(v, bindings, i)
  return out
}

function resolveValue(v: ArgValue, bindings: Bindings, i: number): unknown {
  switch (v.kind) {
    case 'literal': return v.value
    case 'template': return v.text.replace(/\{i\}/g, String(i))
    case 'list': return v.items.map((x) => resolveValue(x, bindings, i))
    case 'map': return Object.fromEntries(v.entries.map(([k, x]) => [k, resolveValue(x, bindings, i)]))
    case 'ref': {
      const list = bindings.get(v.ref.binding) ?? []
      const resource = v.ref.index === 'last' ? list[list.length - 1] : list[(v.ref.index === 'i' ? i : v.ref.index) - 1]
      const value = resource?.[v.ref.field]
      return value === undefined ? v.text.replace('{i}', String(i)) : String(value)
    }
  }
}
