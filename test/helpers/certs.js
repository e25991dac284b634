// Certificates for the TLS tests, made with `openssl` in a temp dir (EC keys:
// quick to make): a test CA; a broker certificate for "localhost" only (no
// IP, so 127.0.0.1 is a host name mismatch); a client certificate of the
// test CA; a second, unrelated CA with its own client certificate; and a
// broker certificate of the test CA that expired in 2020.
import {execFile} from 'node:child_process'
import {chmodSync, mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {promisify} from 'node:util'

const run = promisify(execFile)

async function openssl(dir, ...args) {
  await run('openssl', args, {cwd: dir, timeout: 30_000})
}

async function key(dir, name) {
  await openssl(dir, 'genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', `${name}.key`)
}

async function ca(dir, name, cn) {
  await key(dir, name)
  await openssl(dir, 'req', '-x509', '-new', '-key', `${name}.key`, '-out', `${name}.pem`, '-days', '30', '-subj', `/CN=${cn}`)
}

/** A certificate of `caName` for `cn` with the given extensions. */
async function leaf(dir, name, caName, cn, ext) {
  await key(dir, name)
  writeFileSync(join(dir, `${name}.ext`), ext)
  await openssl(dir, 'req', '-new', '-key', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`)
  await openssl(dir, 'x509', '-req', '-in', `${name}.csr`, '-CA', `${caName}.pem`, '-CAkey', `${caName}.key`, '-CAcreateserial',
    '-out', `${name}.pem`, '-days', '30', '-extfile', `${name}.ext`)
}

/** A certificate of `caName` valid only in 2020 (openssl ca sets the dates). */
async function expired(dir, name, caName, cn, ext) {
  await key(dir, name)
  writeFileSync(join(dir, `${name}.ext`), ext)
  await openssl(dir, 'req', '-new', '-key', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`)
  mkdirSync(join(dir, 'newcerts'), {recursive: true})
  writeFileSync(join(dir, 'index.txt'), '')
  writeFileSync(join(dir, 'serial'), '1000\n')
  writeFileSync(join(dir, 'ca.cnf'), [
    '[ca]', 'default_ca = tn', '[tn]', `dir = ${dir}`, 'database = $dir/index.txt', 'new_certs_dir = $dir/newcerts',
    'serial = $dir/serial', 'default_md = sha256', 'policy = any', 'unique_subject = no', '[any]', 'commonName = supplied', '',
  ].join('\n'))
  await openssl(dir, 'ca', '-batch', '-config', 'ca.cnf', '-cert', `${caName}.pem`, '-keyfile', `${caName}.key`, '-in', `${name}.csr`,
    '-out', `${name}.pem`, '-startdate', '20200101000000Z', '-enddate', '20200201000000Z', '-extfile', `${name}.ext`, '-notext')
}

/** Make every file; resolves their paths. */
export async function makeCerts() {
  const dir = mkdtempSync(join(tmpdir(), 'tn-certs-'))
  chmodSync(dir, 0o755)
  const server = 'subjectAltName = DNS:localhost\nextendedKeyUsage = serverAuth\n'
  const client = 'extendedKeyUsage = clientAuth\n'
  await Promise.all([ca(dir, 'ca', 'trove-notify test CA'), ca(dir, 'other-ca', 'an unrelated CA')])
  await Promise.all([
    leaf(dir, 'server', 'ca', 'localhost', server),
    leaf(dir, 'client', 'ca', 'trove-notify-client', client),
    leaf(dir, 'other-client', 'other-ca', 'someone-else', client),
  ])
  await expired(dir, 'expired', 'ca', 'localhost', server)
  const p = (f) => join(dir, f)
  return {
    dir,
    caFile: p('ca.pem'),
    serverCertFile: p('server.pem'),
    serverKeyFile: p('server.key'),
    clientCertFile: p('client.pem'),
    clientKeyFile: p('client.key'),
    otherCaFile: p('other-ca.pem'),
    otherClientCertFile: p('other-client.pem'),
    otherClientKeyFile: p('other-client.key'),
    expiredCertFile: p('expired.pem'),
    expiredKeyFile: p('expired.key'),
  }
}
