/**
 * Numeric flags of `simulate` (counts, rates and rate profiles,
 * probabilities), validated inside the flag so a bad value is a usage error
 * before anything runs.
 */
import {Flags} from '@oclif/core'
import {parseRateProfile, type RateProfile, RateProfileError} from '../simulate/rate-profile.js'

/** A whole number ≥ 1. */
export const countFlag = Flags.custom<number>({
  async parse(input) {
    if (!/^\d+$/.test(input.trim()) || Number(input) < 1) throw new Error(`expected a whole number ≥ 1, got "${input}"`)
    return Number(input)
  },
})

/** A number within bounds: `min`/`max` inclusive, `above` exclusive. */
export function numberFlag(opts: {summary: string, helpValue?: string, helpGroup?: string, min?: number, max?: number, above?: number}) {
  const {min, max, above, ...rest} = opts
  return Flags.custom<number>({
    ...rest,
    async parse(input) {
      const n = Number(input)
      const bounds = [min !== undefined ? `≥ ${min}` : '', above !== undefined ? `> ${above}` : '', max !== undefined ? `≤ ${max}` : ''].filter(Boolean).join(' and ')
      if (input.trim() === '' || !Number.isFinite(n) || (min !== undefined && n < min) || (max !== undefined && n > max) || (above !== undefined && n <= above)) {
        throw new Error(`expected a number${bounds ? ` ${bounds}` : ''}, got "${input}"`)
      }
      return n
    },
  })()
}

/** `--rate`: requests per second, steady, or a profile of steps and ramps (see simulate/rate-profile.ts). */
export const rateFlag = Flags.custom<RateProfile>({
  async parse(input) {
    try {
      return parseRateProfile(input)
    } catch (err) {
      if (err instanceof RateProfileError) throw new Error(err.message)
      throw err
    }
  },
})
