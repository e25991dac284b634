/**
 * `simulate --rate`: requests per second, steady, or a profile of steps and
 * ramps (simulate/rate-profile.ts), validated inside the flag so a bad value
 * is a usage error before anything runs. No rate in it may pass the limit
 * (LIMITS.rate); segment durations follow the other durations' limit.
 * (Counts and other numbers: flags.ts, parsed one way.)
 */
import {Flags} from '@oclif/core'
import {parseRateProfile, type RateProfile, RateProfileError} from '../simulate/rate-profile.js'
import {LIMITS} from './flags.js'

/** `--rate`: requests per second, steady, or a profile of steps and ramps. */
export const rateFlag = Flags.custom<RateProfile>({
  async parse(input) {
    let profile: RateProfile
    try {
      profile = parseRateProfile(input)
    } catch (err) {
      if (err instanceof RateProfileError) throw new Error(err.message)
      throw err
    }
    const data = profile.toData()
    const rates = typeof data === 'number' ? [data] : data.flatMap((s) => [s.from, s.to])
    const over = rates.find((r) => r > LIMITS.rate)
    if (over !== undefined) throw new Error(`${input.trim()} asks for ${over} requests/s, above the limit of ${LIMITS.rate}`)
    const seconds = typeof data === 'number' ? [] : data.map((s) => s.seconds)
    const long = seconds.find((s) => s > LIMITS.period)
    if (long !== undefined) throw new Error(`${input.trim()} has a step of ${long} seconds, above the limit of ${LIMITS.period} seconds (a week)`)
    return profile
  },
})
