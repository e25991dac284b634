/**
 * Payloads of the trove.instance.* status notifications (spec 1.2.1): the
 * fields every status notification has, the create/delete/modify extras, and
 * instance_id/tenant_id for Ceilometer. `exists` builds its payload here too.
 */
import type {Catalogue} from '../state/catalogue.js'
import type {InstanceRow} from '../state/rows.js'
import type {OpSettings} from './context.js'

/** The fields every trove.instance.* notification carries, from the instance row. */
export function statusBase(catalogue: Catalogue, settings: OpSettings, inst: InstanceRow): Record<string, unknown> {
  const flavor = catalogue.flavor(inst.flavor_id)
  const manager = catalogue.datastore(inst.datastore)?.manager ?? inst.datastore
  return {
    instance_type: flavor?.name ?? inst.flavor_id,
    user_id: inst.user_id,
    resource_id: inst.id,
    instance_type_id: inst.flavor_id,
    launched_at: inst.launched_at ?? inst.created_at,
    instance_name: inst.name,
    state: inst.status,
    state_description: inst.status.toLowerCase(),
    nova_instance_id: inst.nova_instance_id,
    service_id: settings.serviceIds[manager] ?? settings.serviceIds.mysql,
    created_at: inst.created_at,
    region: inst.region,
    instance_id: inst.id,
    tenant_id: inst.tenant_id,
  }
}

/** Base fields plus the extras of create/delete/modify_volume/modify_flavor. */
export function statusChange(catalogue: Catalogue, settings: OpSettings, inst: InstanceRow, extra: Record<string, unknown> = {}): Record<string, unknown> {
  // Added to the base object in order (the same keys, in the same order, as spreading it: cheaper, and every status notification comes here).
  const out = statusBase(catalogue, settings, inst)
  out.name = inst.name
  out.availability_zone = inst.availability_zone
  out.instance_size = catalogue.flavor(inst.flavor_id)?.ram ?? 0
  out.volume_size = inst.volume_size
  out.nova_volume_id = inst.nova_volume_id
  out.cluster_id = inst.cluster_id
  for (const key in extra) out[key] = extra[key]
  return out
}
