// Clocks for tests that must not race the machine's speed: the operations'
// simulated work (lifecycle work() → clock.sleep) and the simulator's timing
// run on these instead of real time.

/**
 * A clock whose sleeps wait until the test releases them: run an operation up
 * to its simulated work, look at the world meanwhile, then let it finish.
 * `sleeping(n)` resolves once n sleeps are waiting; `release()` ends them all.
 */
export function gatedClock() {
  let waiting = []
  let watchers = []
  const wake = () => {
    for (const w of watchers.filter((x) => waiting.length >= x.n)) w.resolve()
    watchers = watchers.filter((x) => waiting.length < x.n)
  }
  return {
    clock: {
      now: () => new Date(),
      sleep: () => new Promise((resolve) => {
        waiting.push(resolve)
        wake()
      }),
    },
    sleeping(n = 1) {
      return new Promise((resolve) => {
        watchers.push({n, resolve})
        wake()
      })
    },
    release() {
      const done = waiting
      waiting = []
      for (const resolve of done) resolve()
    },
  }
}

/**
 * Virtual time: `now()` is a number of milliseconds (as performance.now()
 * gives), `sleep(ms)` moves it forward at once. `spend(ms)` moves it as if
 * the code had worked that long.
 */
export function virtualTime(start = 0) {
  let t = start
  return {
    now: () => t,
    sleep: async (ms) => { t += Math.max(0, ms) },
    spend: (ms) => { t += ms },
  }
}
