/**
 * Configuration groups, and attaching them to instances. All of it is
 * finished inside the Trove API (server_type `api` from start to end):
 * create, delete (refused while attached), update (replaces the values),
 * edit (merges them), attach (one group per instance, same datastore and
 * version) and detach. Values are checked against the datastore's parameter
 * rules (configuration-parameters.ts). Attaching or detaching leaves the
 * instance needing a restart, as does changing a parameter that is not
 * dynamic in a group instances use.
 */
import {isoTime} from '../messaging/envelope.js'
import type {ConfigurationRow, InstanceRow, Store} from '../state/store.js'
import type {OpContext, OperationResult, ResourceRef} from './context.js'
import {badRequest, notFound} from './errors.js'
import {DEFAULT_DATASTORE} from './instance.js'
import {type Lifecycle, runLifecycle} from './lifecycle.js'
import {needsRestart, validateValues} from './configuration-parameters.js'
import {assertActionable, findDatastore, findInstance, startInstanceId} from './resolve.js'
import type {Input} from '../inputs/index.js'

/** Parameter values of a group: `{"max_connections": 200, …}`. */
export type ConfigurationValues = Readonly<Record<string, unknown>>

/** A live configuration group of the tenant by id or name (a name shared by several is ambiguous). */
export function findConfiguration(store: Store, tenantId: string, ref: string): ConfigurationRow {
  const live = 'deleted_at IS NULL AND tenant_id = ?'
  const byId = store.db.prepare(`SELECT * FROM configurations WHERE id = ? AND ${live}`).all(ref, tenantId) as ConfigurationRow[]
  const rows = byId.length > 0 ? byId
    : store.db.prepare(`SELECT * FROM configurations WHERE name = ? AND ${live} ORDER BY created_at`).all(ref, tenantId) as ConfigurationRow[]
  if (rows.length === 0) throw notFound('Configuration group', ref, 'ConfigurationNotFound')
  if (rows.length > 1) throw badRequest(`Multiple configuration groups are named ${ref} (${rows.map((r) => r.id).join(', ')}); use an id.`)
  return rows[0]!
}

/** The tenant's live configuration groups. */
export function configurations(store: Store, tenantId: string): ConfigurationRow[] {
  return store.db.prepare('SELECT * FROM configurations WHERE tenant_id = ? AND deleted_at IS NULL ORDER BY created_at, rowid').all(tenantId) as ConfigurationRow[]
}

/** The live instances a configuration group is attached to. */
export function attachedInstances(store: Store, configurationId: string): InstanceRow[] {
  return store.db.prepare('SELECT * FROM instances WHERE configuration_id = ? AND deleted_at IS NULL ORDER BY created_at').all(configurationId) as InstanceRow[]
}

export function valuesOf(row: ConfigurationRow): Record<string, unknown> {
  return JSON.parse(row.values_json) as Record<string, unknown>
}

/** The `configuration_id` of a `.start`: the group's id when the reference resolves, else as typed. */
function startConfigurationId(ctx: OpContext, ref: string): string {
  try {
    return findConfiguration(ctx.store, ctx.caller.tenantId, ref).id
  } catch {
    return ref
  }
}

function managerOf(store: Store, datastore: string): string {
  return store.datastore(datastore)?.manager ?? datastore
}

function configurationResource(row: ConfigurationRow): ResourceRef {
  return {id: row.id, name: row.name, datastore: row.datastore, datastore_version: row.datastore_version, values: valuesOf(row)}
}

/** Declared once, in src/inputs/configuration.ts. */
export type CreateConfigurationInput = Input<'configuration_create'>

/** Create a configuration group: `.end` carries its configuration_id. */
export async function createConfiguration(ctx: OpContext, input: CreateConfigurationInput): Promise<OperationResult> {
  const {store} = ctx
  const datastoreName = input.datastore ?? DEFAULT_DATASTORE
  const start = {
    name: input.name,
    datastore: datastoreName,
    datastore_version: input.datastoreVersion ?? store.datastore(datastoreName)?.default_version ?? '',
  }
  return runLifecycle(ctx, 'configuration_create', start, async (lc) => {
    if (input.name.trim() === '') throw badRequest('A configuration group needs a name.')
    const {datastore, version} = findDatastore(store, datastoreName, input.datastoreVersion)
    validateValues(datastore.manager, datastore.name, version, input.values)
    const now = isoTime(ctx.clock.now())
    const row: ConfigurationRow = {
      id: ctx.ids.uuid(), name: input.name, tenant_id: ctx.caller.tenantId, datastore: datastore.name, datastore_version: version,
      description: input.description ?? null, values_json: JSON.stringify(input.values), created_at: now, updated_at: now, deleted_at: null,
    }
    store.tx(() => store.db.prepare(`INSERT INTO configurations (id, name, tenant_id, datastore, datastore_version, description, values_json, created_at, updated_at, deleted_at)
      VALUES (@id, @name, @tenant_id, @datastore, @datastore_version, @description, @values_json, @created_at, @updated_at, @deleted_at)`).run(row))
    lc.onRollback(() => store.tx(() => store.db.prepare('DELETE FROM configurations WHERE id = ?').run(row.id)))
    await lc.work()
    return {end: {configuration_id: row.id}, resource: configurationResource(row)}
  })
}

/** Delete a configuration group; refused while an instance uses it. */
export async function deleteConfiguration(ctx: OpContext, ref: string): Promise<OperationResult> {
  const {store} = ctx
  return runLifecycle(ctx, 'configuration_delete', {configuration_id: startConfigurationId(ctx, ref)}, async (lc) => {
    const row = findConfiguration(store, ctx.caller.tenantId, ref)
    const users = attachedInstances(store, row.id)
    if (users.length > 0) {
      throw badRequest(`Configuration group ${row.name} (${row.id}) is attached to ${users.map((i) => `${i.name} (${i.id})`).join(', ')}; detach it from every instance first.`)
    }
    store.tx(() => store.db.prepare('UPDATE configurations SET deleted_at = ? WHERE id = ?').run(isoTime(ctx.clock.now()), row.id))
    lc.onRollback(() => store.tx(() => store.db.prepare('UPDATE configurations SET deleted_at = NULL WHERE id = ?').run(row.id)))
    await lc.work()
    return {resource: {id: row.id, name: row.name, status: 'DELETED'}}
  })
}

/** Keys whose value differs between two value sets (added, removed or changed). */
function changedKeys(before: ConfigurationValues, after: ConfigurationValues): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)])
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
}

/**
 * Store a group's new values (and name/description), and mark the instances
 * using it as needing a restart when a non-dynamic parameter changed. Every
 * change is undone if the lifecycle fails later.
 */
function applyValues(ctx: OpContext, lc: Lifecycle, row: ConfigurationRow,
  values: ConfigurationValues, changes: {name?: string, description?: string} = {}): ConfigurationRow {
  const {store} = ctx
  validateValues(managerOf(store, row.datastore), row.datastore, row.datastore_version, values)
  const updated: ConfigurationRow = {
    ...row, name: changes.name ?? row.name, description: changes.description ?? row.description,
    values_json: JSON.stringify(values), updated_at: isoTime(ctx.clock.now()),
  }
  const restart = needsRestart(managerOf(store, row.datastore), changedKeys(valuesOf(row), values))
    ? attachedInstances(store, row.id).filter((i) => i.restart_required === 0) : []
  const write = (r: ConfigurationRow, restartRequired: number): void => {
    store.db.prepare('UPDATE configurations SET name = @name, description = @description, values_json = @values_json, updated_at = @updated_at WHERE id = @id').run(r)
    for (const inst of restart) store.updateInstance(inst.id, {restart_required: restartRequired})
  }
  store.tx(() => write(updated, 1))
  lc.onRollback(() => store.tx(() => write(row, 0)))
  return updated
}

/** Declared once, in src/inputs/configuration.ts: the new values replace the old ones. */
export type UpdateConfigurationInput = Input<'configuration_update'>

/** Replace a group's values (and name, description when given). */
export async function updateConfiguration(ctx: OpContext, input: UpdateConfigurationInput): Promise<OperationResult> {
  const start = {configuration_id: startConfigurationId(ctx, input.configuration), name: input.name, description: input.description}
  return runLifecycle(ctx, 'configuration_update', start, async (lc) => {
    const row = findConfiguration(ctx.store, ctx.caller.tenantId, input.configuration)
    if (input.name !== undefined && input.name.trim() === '') throw badRequest('A configuration group name cannot be empty.')
    const updated = applyValues(ctx, lc, row, input.values, {name: input.name, description: input.description})
    await lc.work()
    return {resource: configurationResource(updated)}
  })
}

/** Merge values into a group (a key given replaces that key's value; others stay). */
export async function editConfiguration(ctx: OpContext, ref: string, values: ConfigurationValues): Promise<OperationResult> {
  return runLifecycle(ctx, 'configuration_edit', {configuration_id: startConfigurationId(ctx, ref)}, async (lc) => {
    const row = findConfiguration(ctx.store, ctx.caller.tenantId, ref)
    const updated = applyValues(ctx, lc, row, {...valuesOf(row), ...values})
    await lc.work()
    return {resource: configurationResource(updated)}
  })
}

function instanceResource(inst: InstanceRow, configurationId: string | null): ResourceRef {
  return {id: inst.id, name: inst.name, status: inst.status, configuration_id: configurationId, restart_required: true}
}

/** Attach a group to an instance: one group per instance, same datastore and version; the instance then needs a restart. */
export async function attachConfiguration(ctx: OpContext, instance: string, configuration: string): Promise<OperationResult> {
  const {store} = ctx
  const start = {instance_id: startInstanceId(ctx, instance), configuration_id: startConfigurationId(ctx, configuration)}
  return runLifecycle(ctx, 'instance_attach_configuration', start, async (lc) => {
    const inst = findInstance(store, ctx.caller.tenantId, instance)
    const row = findConfiguration(store, ctx.caller.tenantId, configuration)
    assertActionable(store, inst)
    if (inst.configuration_id !== null) {
      throw badRequest(`Instance ${inst.name} (${inst.id}) already has a configuration group attached: ${inst.configuration_id}; detach it first.`)
    }
    if (row.datastore !== inst.datastore || row.datastore_version !== inst.datastore_version) {
      throw badRequest(`Configuration group ${row.name} is for ${row.datastore} ${row.datastore_version}, but instance ${inst.name} runs ${inst.datastore} ${inst.datastore_version}.`)
    }
    const now = isoTime(ctx.clock.now())
    store.tx(() => store.updateInstance(inst.id, {configuration_id: row.id, restart_required: 1, updated_at: now}))
    lc.onRollback(() => store.tx(() => store.updateInstance(inst.id, {configuration_id: null, restart_required: inst.restart_required, updated_at: inst.updated_at})))
    await lc.work()
    return {resource: instanceResource(inst, row.id)}
  })
}

/** Detach an instance's group; the instance then needs a restart. */
export async function detachConfiguration(ctx: OpContext, instance: string): Promise<OperationResult> {
  const {store} = ctx
  return runLifecycle(ctx, 'instance_detach_configuration', {instance_id: startInstanceId(ctx, instance)}, async (lc) => {
    const inst = findInstance(store, ctx.caller.tenantId, instance)
    assertActionable(store, inst)
    if (inst.configuration_id === null) throw badRequest(`Instance ${inst.name} (${inst.id}) has no configuration group attached.`)
    const now = isoTime(ctx.clock.now())
    store.tx(() => store.updateInstance(inst.id, {configuration_id: null, restart_required: 1, updated_at: now}))
    lc.onRollback(() => store.tx(() => store.updateInstance(inst.id, {configuration_id: inst.configuration_id, restart_required: inst.restart_required, updated_at: inst.updated_at})))
    await lc.work()
    return {resource: instanceResource(inst, null)}
  })
}
