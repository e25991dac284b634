/**
 * The `--instance flavor=F,volume=GB[,availability_zone=AZ]` flag of cluster
 * create and grow (troveclient's syntax), parsed into a member spec. A
 * malformed value is a usage error (exit 2) before anything is published;
 * whether the flavor exists or the size is allowed is Trove's rule (.error).
 */
import {Flags} from '@oclif/core'
import type {MemberSpec} from '../operations/cluster.js'
import {UsageError} from '../util/errors.js'
import {parseKeyValues} from './parse.js'

const EXAMPLE = '--instance flavor=2,volume=2'
const KEYS = ['flavor', 'volume', 'availability_zone'] as const

/** `flavor=F,volume=GB[,availability_zone=AZ]` → a member spec. */
export function parseMemberSpec(text: string): MemberSpec {
  const kv = parseKeyValues(text, KEYS, EXAMPLE)
  if (!kv.flavor) throw new UsageError(`"${text}" has no flavor`, `e.g. ${EXAMPLE}`)
  if (kv.volume === undefined || !/^-?\d+$/.test(kv.volume)) {
    throw new UsageError(`"${text}" needs volume=GB as a whole number`, `e.g. ${EXAMPLE}`)
  }
  return {flavor: kv.flavor, volume: Number(kv.volume), availabilityZone: kv.availability_zone || undefined}
}

/** One cluster member per use (repeatable). */
export const memberFlag = Flags.custom<MemberSpec>({
  multiple: true,
  helpValue: 'flavor=F,volume=GB[,availability_zone=AZ]',
  async parse(input) {
    try {
      return parseMemberSpec(input)
    } catch (err) {
      // oclif prefixes a flag's parse error with "Parsing --instance" and the base command
      // prints it on one line: keep the example in that line.
      if (err instanceof UsageError) throw new Error(`${err.message}; ${err.suggestion}`)
      throw err
    }
  },
})

/** At least one member, or a usage error showing how to give one. */
export function requireMembers(members: readonly MemberSpec[] | undefined, example: string): readonly MemberSpec[] {
  if (!members || members.length === 0) throw new UsageError('missing --instance: give at least one member', `e.g. ${example}`)
  return members
}
