/**
 * The inputs of the guest agent's databases and users (MySQL family):
 * database create/delete; user create, delete, update-attributes, grant,
 * revoke, change-password. Names follow Trove's API schema here (a usage
 * error); the MySQL guest's own name rules end the lifecycle in `.error`, as
 * in Trove, and are the operations'. Passwords can stay off the command line
 * (`-` reads stdin; left out, TROVE_NOTIFY_PASSWORD or a hidden prompt).
 */
import {host, password, ref, text, troveText, userName, userSpec} from './codecs.js'
import {instanceArg} from './instance.js'
import {declare, field} from './schema.js'

/** The user a request names: in a request body for create (Trove's `name_string`), in the URL otherwise (no schema rule). */
const userArg = (ask: string, codec = text(undefined, 'NAME')) => field(codec, {required: true, summary: 'User name.', cli: {positional: true, ask}})
/** `--host` of a user already there: part of the user's id in Trove's URL ('name'@'host'), so no schema rule. */
const hostFlag = field(text(undefined, 'HOST'), {summary: "Host the user connects from: MySQL's 'name'@'host' (default %, any host).", cli: {value: 'HOST'}})
const databaseList = (summary: string) => field(troveText('DATABASE'), {many: true, summary, cli: {comma: true, value: 'DATABASE'}})

export const DATABASE_CREATE = declare({
  operation: 'database_create',
  example: 'trove-notify database create db1 shop',
  fields: {
    instance: instanceArg(),
    names: field(troveText('NAME'), {
      required: true, many: true, summary: 'Database name (several allowed: one lifecycle each).', cli: {positional: true, ask: 'Database name', value: 'NAME'},
    }),
    characterSet: field(troveText('CHARSET'), {
      summary: 'Character set of the databases.', cli: {flag: 'character-set', aliases: ['character_set'], defaultHelp: 'utf8', value: 'CHARSET'},
    }),
    collate: field(troveText('COLLATION'), {summary: 'Collation of the databases (default utf8_general_ci, or <set>_general_ci).', cli: {value: 'COLLATION'}}),
  },
})

export const DATABASE_DELETE = declare({
  operation: 'database_delete',
  example: 'trove-notify database delete db1 shop',
  fields: {
    instance: instanceArg(),
    database: field(ref('DATABASE'), {required: true, summary: 'Database name.', scenario: 'name', cli: {positional: true, ask: 'Database to delete'}}),
  },
})

export const USER_CREATE = declare({
  operation: 'user_create',
  example: 'trove-notify user create db1 app s3cret',
  fields: {
    instance: instanceArg(),
    name: userArg('User name', userName),
    password: field(password, {
      required: true,
      summary: 'Password; - reads it from stdin; left out: TROVE_NOTIFY_PASSWORD, or a hidden prompt on a terminal.',
      cli: {positional: true, ask: 'Password for {name}'},
    }),
    host: field(host, {summary: "Host the user connects from: MySQL's 'name'@'host'.", cli: {defaultHelp: '% (any host)', value: 'HOST'}}),
    databases: databaseList('Existing databases the user gets access to.'),
  },
})

export const USER_DELETE = declare({
  operation: 'user_delete',
  example: 'trove-notify user delete db1 app',
  fields: {instance: instanceArg(), name: userArg('User to delete'), host: hostFlag},
})

export const USER_UPDATE_ATTRIBUTES = declare({
  operation: 'user_update_attributes',
  example: 'trove-notify user update-attributes db1 app --new-name app2',
  fields: {
    instance: instanceArg(),
    name: userArg('User to update'),
    host: hostFlag,
    newName: field(userName, {summary: 'New user name.', cli: {flag: 'new-name', aliases: ['new_name'], value: 'NAME'}}),
    newPassword: field(password, {
      summary: 'New password (never published); - reads it from stdin, or a hidden prompt on a terminal.',
      cli: {flag: 'new-password', aliases: ['new_password'], env: 'TROVE_NOTIFY_NEW_PASSWORD', value: 'PASSWORD', prompt: 'New password for {name}'},
    }),
    newHost: field(host, {summary: 'New host the user may connect from.', cli: {flag: 'new-host', aliases: ['new_host'], value: 'HOST'}}),
  },
  // Trove's schema: a user update has at least one attribute.
  check: (i) => (i.newName === undefined && i.newPassword === undefined && i.newHost === undefined
    ? 'nothing to update: give at least one of --new-name, --new-password, --new-host' : undefined),
})

export const USER_GRANT = declare({
  operation: 'user_grant',
  example: 'trove-notify user grant db1 app shop',
  fields: {
    instance: instanceArg(),
    name: userArg('User'),
    databases: field(ref('DATABASE'), {
      required: true, many: true, summary: 'Database (several allowed: one lifecycle each).', cli: {positional: true, ask: 'Database', value: 'DATABASE'},
    }),
    host: hostFlag,
  },
})

export const USER_REVOKE = declare({
  operation: 'user_revoke',
  example: 'trove-notify user revoke db1 app shop',
  fields: {
    instance: instanceArg(),
    name: userArg('User'),
    database: field(ref('DATABASE'), {required: true, summary: 'Database.', cli: {positional: true, ask: 'Database'}}),
    host: hostFlag,
  },
})

export const USER_CHANGE_PASSWORD = declare({
  operation: 'user_change_password',
  example: 'trove-notify user change-password db1 app:n3w',
  fields: {
    instance: instanceArg(),
    users: field(userSpec(), {
      required: true, many: true,
      summary: 'NAME:PASSWORD (several allowed: one lifecycle each); NAME alone or NAME:- takes the password from TROVE_NOTIFY_PASSWORD, stdin or a prompt.',
      cli: {positional: true, ask: 'User name', value: 'NAME:PASSWORD'},
    }),
    host: field(text(undefined, 'HOST'), {summary: "Host of the users (default %), for those given without @HOST.", cli: {value: 'HOST'}}),
  },
})
