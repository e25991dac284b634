/**
 * What the trove.instance.* status notifications and `exists` report of an
 * instance: its facts (events/dialect/facts.ts InstanceFacts), read from the
 * instance row and the catalogue. The dialects turn them into payloads.
 */
import type {InstanceFacts} from '../events/dialect/facts.js'
import type {Catalogue} from '../state/catalogue.js'
import type {InstanceRow} from '../state/rows.js'
import type {OpSettings} from './context.js'

/** Trove 18's [<manager>] volume_support defaults to True for every datastore it has. */
const VOLUME_SUPPORT = true

/** An instance row as the status notifications and `exists` report it. */
export function instanceFacts(catalogue: Catalogue, settings: Pick<OpSettings, 'serviceIds'>, inst: InstanceRow): InstanceFacts {
  const flavor = catalogue.flavor(inst.flavor_id)
  const manager = catalogue.datastore(inst.datastore)?.manager ?? inst.datastore
  return {
    id: inst.id,
    name: inst.name,
    tenantId: inst.tenant_id,
    userId: inst.user_id,
    flavorId: inst.flavor_id,
    flavorName: flavor?.name ?? inst.flavor_id,
    flavorRam: flavor?.ram ?? 0,
    status: inst.status,
    novaInstanceId: inst.nova_instance_id,
    novaVolumeId: inst.nova_volume_id,
    volumeSize: inst.volume_size,
    availabilityZone: inst.availability_zone,
    clusterId: inst.cluster_id,
    createdAt: inst.created_at,
    launchedAt: inst.launched_at,
    region: inst.region,
    serviceId: settings.serviceIds[manager] ?? settings.serviceIds.mysql!,
    volumeSupport: VOLUME_SUPPORT,
  }
}
