/**
 * The base of read-only commands (`instance list`, `flavor list`, …): the
 * world flags, no broker, nothing published.
 */
import {BaseCommand} from './base-command.js'
import {worldFlags} from './flags.js'

export abstract class WorldCommand extends BaseCommand {
  static baseFlags = {...BaseCommand.baseFlags, ...worldFlags}
}
