/**
 * The base of read-only commands (`instance list`, `flavor list`, …): the
 * world flags, no broker, nothing published. Opening a world an earlier
 * process left unfinished (an operation killed mid-way, messages not
 * confirmed) says so in one line: a read-only command cannot end them.
 */
import {leftoversNotice} from '../operations/recovery.js'
import type {World} from '../state/world.js'
import {BaseCommand} from './base-command.js'
import {worldFlags} from './flags.js'

export abstract class WorldCommand extends BaseCommand {
  static baseFlags = {...BaseCommand.baseFlags, ...worldFlags}
  private told = false

  protected override get world(): World {
    const world = super.world
    if (!this.told) {
      this.told = true
      const notice = leftoversNotice(world, new Date())
      if (notice) this.notice(notice)
    }
    return world
  }
}
