/**
 * Numeric flags of `simulate` (counts, rates, probabilities), validated
 * inside the flag so a bad value is a usage error before anything runs.
 */
import {Flags} from '@oclif/core'

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
