import {Args} from '@oclif/core'
import {OperationCommand} from '../../cli/operation-command.js'
import {askIfMissing} from '../../cli/prompts.js'
import {deleteInstance} from '../../operations/instance.js'
import type {OperationResult} from '../../operations/context.js'

export default class InstanceDelete extends OperationCommand {
  static summary = 'Delete instances: dbaas.instance_delete.start, trove.instance.delete, .end — one lifecycle per instance.'
  static description = 'The taskmanager shuts the instance down (status SHUTDOWN for --delay seconds), emits trove.instance.delete with deleted_at, then .end. Refused (.error) for an unknown or ambiguous name, an instance still in BUILD or busy, a cluster member, or a replication source that still has replicas.'
  static aliases = ['delete']
  static strict = false
  static examples = [
    '<%= config.bin %> <%= command.id %> db1',
    '<%= config.bin %> <%= command.id %> db1 db2 db3 --json',
  ]
  static args = {
    instance: Args.string({description: 'Instance id or name (several allowed).'}),
  }

  async run() {
    const {argv, flags} = await this.parse(InstanceDelete)
    const refs = (argv as string[]).length > 0 ? argv as string[]
      : [await askIfMissing(undefined, {name: 'INSTANCE', message: 'Instance to delete', example: 'trove-notify instance delete db1'})]
    return this.perform(flags, async (ctx) => {
      const results: OperationResult[] = []
      for (const ref of refs) results.push(await deleteInstance(ctx, ref))
      return refs.length === 1 ? results[0]! : results
    })
  }
}
