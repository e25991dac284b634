/**
 * The inputs of the configuration group operations: create, update
 * (replace the values; `openstack database configuration set`), edit (merge;
 * `configuration parameter set`, `trove configuration-patch`), delete.
 */
import {ref, troveText, valuesJson} from './codecs.js'
import {declare, field} from './schema.js'

const group = field(ref('CONFIGURATION'), {required: true, summary: 'Configuration group id or name.', cli: {positional: true, ask: 'Configuration group'}})
const values = (summary: string, ask: string) => field(valuesJson, {required: true, summary, cli: {positional: true, ask, value: 'VALUES_JSON'}})

export const CONFIGURATION_CREATE = declare({
  operation: 'configuration_create',
  example: `trove-notify configuration create tuned '{"max_connections": 200}'`,
  fields: {
    name: field(troveText('NAME'), {required: true, summary: 'Name of the configuration group.', cli: {positional: true, ask: 'Name of the configuration group'}}),
    values: values('Parameter values as a JSON object.', 'Values (JSON object)'),
    datastore: field(troveText('DATASTORE'), {summary: 'Datastore.', cli: {defaultHelp: 'mysql', value: 'DATASTORE'}}),
    datastoreVersion: field(troveText('VERSION'), {
      summary: "Datastore version (default the datastore's default version).", cli: {flag: 'datastore-version', aliases: ['datastore_version'], value: 'VERSION'},
    }),
    datastoreVersionNumber: field(troveText('NUMBER'), {
      summary: 'Version number, for datastore versions of the same name (openstack database configuration create).', cli: {flag: 'datastore-version-number', value: 'NUMBER'},
    }),
    description: field(troveText('TEXT'), {summary: 'Description of the group.', cli: {value: 'TEXT'}}),
  },
})

export const CONFIGURATION_DELETE = declare({
  operation: 'configuration_delete',
  example: 'trove-notify configuration delete tuned',
  fields: {configuration: group},
})

export const CONFIGURATION_UPDATE = declare({
  operation: 'configuration_update',
  example: `trove-notify configuration update tuned '{"max_connections": 300}'`,
  fields: {
    configuration: group,
    values: values('The new parameter values as a JSON object (replacing the old ones).', 'Values (JSON object)'),
    name: field(troveText('NAME'), {summary: 'New name of the group.', cli: {value: 'NAME'}}),
    description: field(troveText('TEXT'), {summary: 'New description of the group.', cli: {value: 'TEXT'}}),
  },
})

export const CONFIGURATION_EDIT = declare({
  operation: 'configuration_edit',
  example: `trove-notify configuration edit tuned '{"wait_timeout": 120}'`,
  fields: {configuration: group, values: values('Parameter values to merge, as a JSON object.', 'Values to merge (JSON object)')},
})
