/**
 * The outbox's publisher: what a Notifier keeps its messages in (its
 * OutboxPort) when a command changes a world. `keep` writes each message's
 * bytes per routing key in the transaction open now (or on its own when
 * none is), and hands them to the broker only once that transaction
 * commits; the broker's confirm removes the row (confirms are removed in
 * batches, one transaction each). A message whose transaction rolls back
 * is never sent. A process that dies leaves its unconfirmed rows; the next
 * command's `drainLeftovers` takes over the rows of owners that are gone
 * and sends them again, the same bytes with the same message_id.
 */
import {dieAt} from '../util/die-at.js'
import {ME, type Owner, ownerGone, ownerName, parseOwner} from '../util/owner.js'
import type {World} from './world.js'

/** What the port is handed to send one body (the driver's send, bound to the message). */
export type SendOne = (routingKey: string, confirmed: () => void) => void
/** A driver's send of a stored body. */
export type SendStored = (routingKey: string, body: Buffer, confirmed: () => void) => void

export class OutboxDelivery {
  private readonly owner: string
  private readonly confirmedSeqs: number[] = []
  private removal?: NodeJS.Immediate

  constructor(private readonly world: World, private readonly exchange: string, owner: Owner = ME) {
    this.owner = ownerName(owner)
  }

  keep(messageId: string, routingKeys: readonly string[], body: Buffer, send: SendOne): void {
    const {world} = this
    const created = new Date().toISOString()
    const seqs = routingKeys.map((routing_key) => world.outbox.put({
      message_id: messageId, routing_key, exchange: this.exchange, body, owner: this.owner, created_at: created,
    }))
    world.afterCommit(() => {
      dieAt('after-outbox-commit-before-publish')
      for (let i = 0; i < seqs.length; i++) send(routingKeys[i]!, () => this.confirmed(seqs[i]!))
    })
  }

  /**
   * Send again what owners that are gone left behind (rows of this exchange),
   * after taking them over; returns how many. The caller flushes the driver.
   * Called before this process queues anything (its own rows are leftovers
   * of an earlier process with the same pid).
   */
  drainLeftovers(send: SendStored): number {
    const {world} = this
    let n = 0
    for (const name of world.outbox.owners()) {
      const owner = parseOwner(name)
      if (owner === undefined || !ownerGone(owner)) continue
      const rows = world.tx(() => world.outbox.adopt(name, this.owner, this.exchange))
      for (const row of rows) send(row.routing_key, Buffer.from(row.body), () => this.confirmed(row.seq))
      n += rows.length
    }
    return n
  }

  /** Remove every confirmed row now (before the world closes). */
  settle(): void {
    if (this.removal) clearImmediate(this.removal)
    this.removal = undefined
    if (this.confirmedSeqs.length === 0) return
    const seqs = this.confirmedSeqs.splice(0)
    this.world.tx(() => this.world.outbox.remove(seqs))
  }

  private confirmed(seq: number): void {
    dieAt('after-confirm-before-remove')
    this.confirmedSeqs.push(seq)
    this.removal ??= setImmediate(() => {
      this.removal = undefined
      this.settle()
    })
  }
}
