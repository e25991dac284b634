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
import type {Catalogue} from '../state/catalogue.js'
import type {ConfigurationRow, InstanceRow} from '../state/rows.js'
import type {OpContext, OperationResult, ResourceRef} from './context.js'
import {badRequest} from './errors.js'
import {type Lifecycle, runLifecycle} from './lifecycle.js'
import type {UndoStep} from './undo.js'
import {needsRestart, validateValues} from './configuration-parameters.js'
import {
  assertActionable, DEFAULT_DATASTORE, findConfiguration, findDatastore, findInstance, startId, startInstanceId, startVersion,
} from './resolve.js'
import type {Input} from '../inputs/index.js'

/** Parameter values of a group: `{"max_connections": 200, …}`. */
export type ConfigurationValues = Readonly<Record<string, unknown>>

export function valuesOf(row: ConfigurationRow): Record<string, unknown> {
  return JSON.parse(row.values_json) as Record<string, unknown>
}

/** The `configuration_id` of a `.start`: the group's id when the reference resolves, else as typed. */
function startConfigurationId(ctx: OpContext, ref: string): string {
  return startId(ctx.world.configurations.byRef(ref, ctx.caller.tenantId), ref)
}

function managerOf(catalogue: Catalogue, datastore: string): string {
  return catalogue.datastore(datastore)?.manager ?? datastore
}

function configurationResource(row: ConfigurationRow): ResourceRef {
  return {id: row.id, name: row.name, datastore: row.datastore, datastore_version: row.datastore_version, values: valuesOf(row)}
}

/** Declared once, in src/inputs/configuration.ts. */
export type CreateConfigurationInput = Input<'configuration_create'>

/** Create a configuration group: `.end` carries its configuration_id. */
export async function createConfiguration(ctx: OpContext, input: CreateConfigurationInput): Promise<OperationResult> {
  const {world} = ctx
  const datastoreName = input.datastore ?? DEFAULT_DATASTORE
  const start = {
    name: input.name,
    datastore: datastoreName,
    datastoreVersion: startVersion(world.catalogue, datastoreName, input.datastoreVersion),
  }
  return runLifecycle(ctx, 'configuration_create', start, async (lc) => {
    if (input.name.trim() === '') throw badRequest('A configuration group needs a name.')
    const {datastore, version} = findDatastore(world.catalogue, datastoreName, input.datastoreVersion)
    validateValues(datastore.manager, datastore.name, version, input.values)
    const now = isoTime(ctx.clock.now())
    const row: ConfigurationRow = {
      id: ctx.ids.uuid(), name: input.name, tenant_id: ctx.caller.tenantId, datastore: datastore.name, datastore_version: version,
      description: input.description ?? null, values_json: JSON.stringify(input.values), created_at: now, updated_at: now, deleted_at: null,
    }
    world.tx(() => world.configurations.insert(row))
    lc.onRollback(['configurations.remove', row.id])
    await lc.work()
    return {end: {configurationId: row.id}, resource: configurationResource(row)}
  }, {precheck: () => findDatastore(world.catalogue, datastoreName, input.datastoreVersion)})
}

/** Delete a configuration group; refused while an instance uses it. */
export async function deleteConfiguration(ctx: OpContext, ref: string): Promise<OperationResult> {
  const {world} = ctx
  return runLifecycle(ctx, 'configuration_delete', {configurationId: startConfigurationId(ctx, ref)}, async (lc) => {
    const row = findConfiguration(world, ctx.caller.tenantId, ref)
    const users = world.configurations.attachedTo(row.id)
    if (users.length > 0) {
      throw badRequest(`Configuration group ${row.name} (${row.id}) is attached to ${users.map((i) => `${i.name} (${i.id})`).join(', ')}; detach it from every instance first.`)
    }
    world.tx(() => world.configurations.update(row.id, {deleted_at: isoTime(ctx.clock.now())}))
    lc.onRollback(['configurations.update', row.id, {deleted_at: null}])
    await lc.work()
    return {resource: {id: row.id, name: row.name, status: 'DELETED'}}
  }, {precheck: () => findConfiguration(world, ctx.caller.tenantId, ref)})
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
  const {world} = ctx
  validateValues(managerOf(world.catalogue, row.datastore), row.datastore, row.datastore_version, values)
  const updated: ConfigurationRow = {
    ...row, name: changes.name ?? row.name, description: changes.description ?? row.description,
    values_json: JSON.stringify(values), updated_at: isoTime(ctx.clock.now()),
  }
  const restart = needsRestart(managerOf(world.catalogue, row.datastore), changedKeys(valuesOf(row), values))
    ? world.configurations.attachedTo(row.id).filter((i) => i.restart_required === 0) : []
  const write = (r: ConfigurationRow, restartRequired: number): void => {
    world.configurations.update(r.id, {name: r.name, description: r.description, values_json: r.values_json, updated_at: r.updated_at})
    for (const inst of restart) world.instances.update(inst.id, {restart_required: restartRequired})
  }
  world.tx(() => write(updated, 1))
  lc.onRollback(
    ['configurations.update', row.id, {name: row.name, description: row.description, values_json: row.values_json, updated_at: row.updated_at}],
    ...restart.map((inst): UndoStep => ['instances.update', inst.id, {restart_required: 0}]),
  )
  return updated
}

/** Declared once, in src/inputs/configuration.ts: the new values replace the old ones. */
export type UpdateConfigurationInput = Input<'configuration_update'>

/** Replace a group's values (and name, description when given). */
export async function updateConfiguration(ctx: OpContext, input: UpdateConfigurationInput): Promise<OperationResult> {
  const rows = ctx.world.configurations.byRef(input.configuration, ctx.caller.tenantId)
  const group = rows.length === 1 ? rows[0] : undefined
  const start = {
    configurationId: startConfigurationId(ctx, input.configuration), newName: input.name, newDescription: input.description,
    // the group as it is after the update (Trove 18 sends these)
    name: input.name ?? group?.name ?? '', description: input.description ?? group?.description ?? null,
  }
  return runLifecycle(ctx, 'configuration_update', start, async (lc) => {
    const row = findConfiguration(ctx.world, ctx.caller.tenantId, input.configuration)
    if (input.name !== undefined && input.name.trim() === '') throw badRequest('A configuration group name cannot be empty.')
    const updated = applyValues(ctx, lc, row, input.values, {name: input.name, description: input.description})
    await lc.work()
    return {resource: configurationResource(updated)}
  }, {precheck: () => findConfiguration(ctx.world, ctx.caller.tenantId, input.configuration)})
}

/** Merge values into a group (a key given replaces that key's value; others stay). */
export async function editConfiguration(ctx: OpContext, ref: string, values: ConfigurationValues): Promise<OperationResult> {
  return runLifecycle(ctx, 'configuration_edit', {configurationId: startConfigurationId(ctx, ref)}, async (lc) => {
    const row = findConfiguration(ctx.world, ctx.caller.tenantId, ref)
    const updated = applyValues(ctx, lc, row, {...valuesOf(row), ...values})
    await lc.work()
    return {resource: configurationResource(updated)}
  }, {precheck: () => findConfiguration(ctx.world, ctx.caller.tenantId, ref)})
}

function instanceResource(inst: InstanceRow, configurationId: string | null): ResourceRef {
  return {id: inst.id, name: inst.name, status: inst.status, configuration_id: configurationId, restart_required: true}
}

/** Attach a group to an instance: one group per instance, same datastore and version; the instance then needs a restart. */
export async function attachConfiguration(ctx: OpContext, instance: string, configuration: string): Promise<OperationResult> {
  const {world} = ctx
  const start = {instanceId: startInstanceId(ctx, instance), configurationId: startConfigurationId(ctx, configuration)}
  return runLifecycle(ctx, 'instance_attach_configuration', start, async (lc) => {
    const inst = findInstance(world, ctx.caller.tenantId, instance)
    const row = findConfiguration(world, ctx.caller.tenantId, configuration)
    assertActionable(world, inst)
    if (inst.configuration_id !== null) {
      throw badRequest(`Instance ${inst.name} (${inst.id}) already has a configuration group attached: ${inst.configuration_id}; detach it first.`)
    }
    if (row.datastore !== inst.datastore || row.datastore_version !== inst.datastore_version) {
      throw badRequest(`Configuration group ${row.name} is for ${row.datastore} ${row.datastore_version}, but instance ${inst.name} runs ${inst.datastore} ${inst.datastore_version}.`)
    }
    const now = isoTime(ctx.clock.now())
    world.tx(() => world.instances.update(inst.id, {configuration_id: row.id, restart_required: 1, updated_at: now}))
    lc.onRollback(['instances.update', inst.id, {configuration_id: null, restart_required: inst.restart_required, updated_at: inst.updated_at}])
    await lc.work()
    return {resource: instanceResource(inst, row.id)}
  }, {precheck: () => findInstance(world, ctx.caller.tenantId, instance)})
}

/** Detach an instance's group; the instance then needs a restart. */
export async function detachConfiguration(ctx: OpContext, instance: string): Promise<OperationResult> {
  const {world} = ctx
  return runLifecycle(ctx, 'instance_detach_configuration', {instanceId: startInstanceId(ctx, instance)}, async (lc) => {
    const inst = findInstance(world, ctx.caller.tenantId, instance)
    assertActionable(world, inst)
    if (inst.configuration_id === null) throw badRequest(`Instance ${inst.name} (${inst.id}) has no configuration group attached.`)
    const now = isoTime(ctx.clock.now())
    world.tx(() => world.instances.update(inst.id, {configuration_id: null, restart_required: 1, updated_at: now}))
    lc.onRollback(['instances.update', inst.id, {configuration_id: inst.configuration_id, restart_required: inst.restart_required, updated_at: inst.updated_at}])
    await lc.work()
    return {resource: instanceResource(inst, null)}
  }, {precheck: () => findInstance(world, ctx.caller.tenantId, instance)})
}
