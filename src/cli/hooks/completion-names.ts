/**
 * After `autocomplete` builds its bash and zsh scripts (oclif's
 * plugin-autocomplete, which completes commands and flags), add resource
 * names from the state: a word the plugin has nothing for (an argument, the
 * value of --replica-of, --parent, --flavor…) is completed with the names
 * `trove-notify autocomplete names` prints (instances, clusters, backups,
 * configuration groups, flavors, datastores of the caller's tenant). In zsh,
 * arguments with no names still complete as file names.
 */
import type {Hook} from '@oclif/core'
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

const MARK = '# trove-notify: resource names'

function bashAddition(bin: string): string {
  const fn = `_${bin}_autocomplete`
  return `
${MARK}
${fn}_with_names()
{
  ${fn}
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  if [[ \${#COMPREPLY[@]} -eq 0 && "$cur" != -* && $COMP_CWORD -ge 2 ]]; then
    local IFS=$'\\n'
    COMPREPLY=($(compgen -W "$(${bin} autocomplete names -- "\${COMP_WORDS[@]:1:$((COMP_CWORD - 1))}" 2>/dev/null)" -- "$cur"))
  fi
}
complete -F ${fn}_with_names ${bin}
`
}

function zshAddition(bin: string): string {
  return `
${MARK}
_${bin}_names() {
  local -a words_before names
  words_before=(\${(z)LBUFFER})
  [[ "$LBUFFER" != *' ' ]] && words_before=(\${words_before[1,-2]})
  names=(\${(f)"$(${bin} autocomplete names -- \${words_before[2,-1]} 2>/dev/null)"})
  if (( \${#names} )); then compadd -a names; else _files; fi
}
`
}

const hook: Hook<'postrun'> = async function (opts) {
  if (opts.Command.id !== 'autocomplete' && opts.Command.id !== 'autocomplete:create') return
  const bin = opts.config.bin
  const dir = join(opts.config.cacheDir, 'autocomplete', 'functions')
  const bash = join(dir, 'bash', `${bin}.bash`)
  if (existsSync(bash)) {
    const text = readFileSync(bash, 'utf8')
    if (!text.includes(MARK)) writeFileSync(bash, text + bashAddition(bin))
  }
  const zsh = join(dir, 'zsh', `_${bin}`)
  if (existsSync(zsh)) {
    const text = readFileSync(zsh, 'utf8')
    if (!text.includes(MARK)) {
      // Arguments complete with resource names (file names when there are none); the function is defined before use.
      const body = text.replaceAll('"*: :_files"', `"*: :_${bin}_names"`)
      writeFileSync(zsh, body.replace(/\n_trove-notify\s*$/, '').replace(new RegExp(`\\n_${bin}\\s*$`), '') + zshAddition(bin) + `\n_${bin}\n`)
    }
  }
}

export default hook
