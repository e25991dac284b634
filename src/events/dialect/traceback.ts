/**
 * The `exception` field of a `.error`: a list of lines shaped like Python's
 * traceback.format_exception (what Trove's notify_exc_info sends), ending
 * with `<module>.<Class>: <message>\n`. The frames name the Trove files of
 * the component that failed; their line numbers are a stable hash, so the
 * same failure looks the same run to run.
 */

/** Our components: api, the taskmanager (`task`), the guest agent (`conductor` forwards its notifications). */
export type FailingComponent = 'api' | 'task' | 'conductor'

const TROVE = '/usr/lib/python3/dist-packages/trove'

/** A deterministic "line number" for a frame. */
function lineOf(s: string): number {
  let h = 7
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) % 997
  return 100 + h
}

/** `qualifiedName` is the exception's module and class, e.g. `trove.common.exception.NotFound`. */
export function tracebackLines(op: string, component: FailingComponent, qualifiedName: string, message: string): string[] {
  const resource = op.split('_')[0]!
  const action = op.slice(resource.length + 1) || op
  const api = `${TROVE}/${resource === 'database' || resource === 'user' ? 'extensions/mysql' : resource}/service.py`
  const frames = [`  File "${api}", line ${lineOf(op)}, in ${action}\n    self._${op}(context, req, body)\n`]
  if (component === 'task') {
    frames.push(`  File "${TROVE}/taskmanager/models.py", line ${lineOf(op + 'task')}, in ${op}\n    self._${action}_${resource}()\n`)
  }
  if (component === 'conductor') {
    frames.push(`  File "${TROVE}/guestagent/datastore/manager.py", line ${lineOf(op + 'guest')}, in ${action}_${resource}\n    self.app.${op}(context)\n`)
  }
  return ['Traceback (most recent call last):\n', ...frames, `${qualifiedName}: ${message}\n`]
}
